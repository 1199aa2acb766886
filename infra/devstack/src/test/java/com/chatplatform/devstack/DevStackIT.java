package com.chatplatform.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starts the whole stack (Elasticsearch too when its home has been built) and restarts it on the same data. */
class DevStackIT {

    @TempDir
    Path base;

    @Test
    void startsStopsAndKeepsItsDataAndKeys() throws Exception {
        Path esHome = DevStack.defaultEsHome(Path.of("../..").toAbsolutePath().normalize());
        boolean withEs = Files.isDirectory(esHome);
        DevStack.Builder first = DevStack.builder(base).esHome(esHome);
        if (!withEs) {
            first.withoutElasticsearch();
        }
        Map<String, String> env1;
        try (DevStack stack = first.start()) {
            env1 = stack.apiEnvironment();
            System.out.println("DevStack (Elasticsearch " + withEs + ") started in " + stack.startTime().toMillis()
                    + " ms: " + stack.serviceStartTimes());
            assertEquals("us-east-1", env1.get("CHAT_S3_REGION"));
            assertEquals("true", env1.get("CHAT_S3_PATH_STYLE"));
            assertEquals(withEs, env1.containsKey("CHAT_ES_URL"));
            if (withEs) {
                assertNotNull(stack.elasticsearch());
                assertTrue(env1.get("CHAT_ES_URL").startsWith("http://127.0.0.1:"));
            }
            try (Connection c = DriverManager.getConnection(env1.get("CHAT_DB_URL"), env1.get("CHAT_DB_USER"),
                    env1.get("CHAT_DB_PASSWORD")); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select rolsuper, rolbypassrls from pg_roles where rolname = current_user")) {
                assertTrue(rs.next());
                assertFalse(rs.getBoolean(1) || rs.getBoolean(2), "the API's role is subject to row-level security");
            }
            try (Connection c = DriverManager.getConnection(env1.get("CHAT_DB_URL"), env1.get("CHAT_DB_MIGRATION_USER"),
                    env1.get("CHAT_DB_MIGRATION_PASSWORD")); Statement s = c.createStatement()) {
                s.execute("create table marker(v text)");
                s.execute("insert into marker values ('first start')");
            }
        }
        Path credentials = base.resolve("credentials.properties");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
        assertTrue(Files.isDirectory(base.resolve("postgres")) && Files.isDirectory(base.resolve("s3/chat-media")));

        try (DevStack stack = DevStack.builder(base).withoutElasticsearch().start()) {
            Map<String, String> env2 = stack.apiEnvironment();
            assertEquals(env1.get("CHAT_S3_ACCESS_KEY"), env2.get("CHAT_S3_ACCESS_KEY"), "keys are kept");
            assertEquals(env1.get("CHAT_S3_SECRET_KEY"), env2.get("CHAT_S3_SECRET_KEY"));
            assertTrue(env2.get("CHAT_S3_SECRET_KEY").length() >= 40);
            assertFalse(env2.containsKey("CHAT_ES_URL"));
            assertEquals(env1.get("CHAT_DB_PASSWORD"), env2.get("CHAT_DB_PASSWORD"), "the role's password is kept");
            try (Connection c = DriverManager.getConnection(env2.get("CHAT_DB_URL"), env2.get("CHAT_DB_MIGRATION_USER"),
                    env2.get("CHAT_DB_MIGRATION_PASSWORD")); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select v from marker")) {
                assertTrue(rs.next());
                assertEquals("first start", rs.getString(1));
            }
        }
    }
}
