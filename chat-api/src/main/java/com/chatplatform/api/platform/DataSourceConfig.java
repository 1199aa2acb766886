package com.chatplatform.api.platform;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;

/** The PostgreSQL data source; its settings come from MicroProfile Config (CHAT_DB_URL, ...). */
@DataSourceDefinition(
        name = "java:app/jdbc/chat",
        className = "org.postgresql.ds.PGSimpleDataSource",
        url = "${MPCONFIG=chat.db.url}",
        user = "${MPCONFIG=chat.db.user}",
        password = "${MPCONFIG=chat.db.password}",
        minPoolSize = 2,
        maxPoolSize = 32,
        properties = {"stringType=unspecified"})
@Singleton
public class DataSourceConfig {
}
