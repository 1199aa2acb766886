package com.chatplatform.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostgresServerIT {

    @TempDir
    Path tmp;

    @Test
    void secondStartOnTheSameDataSeesWhatTheFirstWrote() throws Exception {
        Path data = tmp.resolve("postgres");
        int port = Ports.freePort();
        try (PostgresServer pg = PostgresServer.start(data, port)) {
            pg.createDatabaseIfMissing("chat");
            pg.createDatabaseIfMissing("chat"); // idempotent
            try (Connection c = pg.connect("chat"); Statement s = c.createStatement()) {
                s.execute("create table note(id int primary key, body text)");
                s.execute("insert into note values (1, 'kept across restarts')");
            }
        }
        assertTrue(Ports.isFree(port), "the port is released after close");

        int otherPort = Ports.freePort();
        try (PostgresServer pg = PostgresServer.start(data, otherPort);
             Connection c = pg.connect("chat");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select body from note where id = 1")) {
            assertTrue(rs.next(), "the row written by the first server is there");
            assertEquals("kept across restarts", rs.getString(1));
            assertTrue(pg.jdbcUrl("chat").endsWith(":" + otherPort + "/chat"));
        }
    }

    @Test
    void refusesATakenPortWithOneSentence() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> PostgresServer.start(tmp.resolve("pg"), taken.getLocalPort()));
            assertEquals("PostgreSQL cannot start: port " + taken.getLocalPort() + " is already in use.", e.getMessage());
        }
    }
}
