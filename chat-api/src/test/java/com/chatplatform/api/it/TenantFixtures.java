package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Shared set-up of the integration tests: the platform admin, new tenants with users and a conversation. */
final class TenantFixtures {
    static final String ADMIN_EMAIL = "it-admin@localhost";
    static final String ADMIN_PASSWORD = "it-admin-password-for-tests";

    /** A tenant with two users, alice and bob, and a direct conversation between them. */
    record TenantFixture(String tenantId, String apiKey, String alice, String bob, String conversationId) {
    }

    private final TestApi api;

    TenantFixtures(TestApi api) {
        this.api = api;
    }

    TenantFixture newTenant(String name) {
        String admin = adminToken();
        TestApi.Reply created = api.post("v1/platform/tenants", admin, json("name", name));
        assertEquals(201, created.status(), () -> created.body().toString());
        String key = created.body().at("/apiKey/secret").asText();
        assertTrue(key.startsWith("sk_"));
        for (String user : List.of("alice", "bob")) {
            createUser(key, user);
        }
        String alice = userToken(key, "alice");
        String bob = userToken(key, "bob");
        TestApi.Reply conversation = api.post("v1/conversations/direct", alice, json("userId", "bob"));
        assertEquals(200, conversation.status(), () -> String.valueOf(conversation.body()));
        return new TenantFixture(created.body().at("/tenant/id").asText(), key, alice, bob, conversation.body().get("id").asText());
    }

    /** Creates another user of the tenant and returns a user token for it. */
    String addUser(TenantFixture tenant, String user) {
        createUser(tenant.apiKey(), user);
        return userToken(tenant.apiKey(), user);
    }

    private void createUser(String apiKey, String user) {
        TestApi.Reply u = api.post("v1/users", apiKey, json("id", user, "displayName", user.toUpperCase()));
        assertEquals(201, u.status(), () -> String.valueOf(u.body()));
    }

    String adminToken() {
        TestApi.Reply login = api.post("v1/auth/login", null, json("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD));
        assertEquals(200, login.status(), () -> String.valueOf(login.body()));
        assertEquals("platform-admin", login.body().at("/account/role").asText());
        return login.body().get("token").asText();
    }

    String userToken(String apiKey, String user) {
        TestApi.Reply t = api.post("v1/users/" + user + "/tokens", apiKey, json("ttlSeconds", 600));
        assertEquals(201, t.status(), () -> String.valueOf(t.body()));
        return t.body().get("token").asText();
    }

    /** A console account of a tenant: its id and a signed-in token. */
    record Account(String id, String token) {
    }

    /** A tenant admin of the tenant, invited by the platform admin and signed in by accepting. */
    Account tenantAdmin(String tenantId) {
        String email = "admin-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        TestApi.Reply invitation = api.post("v1/platform/tenants/" + tenantId + "/invitations", adminToken(),
                json("email", email, "role", "tenant-admin"));
        assertEquals(201, invitation.status(), () -> String.valueOf(invitation.body()));
        TestApi.Reply accepted = api.post("v1/auth/invitations/accept", null, json("token", invitation.body().get("token").asText(),
                "password", "violet-harbour-42-lantern", "displayName", "Admin"));
        assertEquals(201, accepted.status(), () -> String.valueOf(accepted.body()));
        return new Account(accepted.body().at("/account/id").asText(), accepted.body().get("token").asText());
    }

    /** The row id of a tenant's user (chat_user.id), read as the database owner. */
    static String userRowId(String tenantId, String externalId) throws SQLException {
        try (Connection c = ChatServices.postgres().connect("chat");
             PreparedStatement ps = c.prepareStatement("select id from chat_user where tenant_id = ?::uuid and external_id = ?")) {
            ps.setString(1, tenantId);
            ps.setString(2, externalId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), externalId + " in tenant " + tenantId);
                return rs.getString(1);
            }
        }
    }

    /**
     * Inserts a plain message row by SQL on {@code c} (seq 1,000,000, no event, no outbox entry), as a send whose
     * transaction the test keeps open would have written it.
     */
    static void insertMessageRow(Connection c, String tenantId, String conversationId, String senderExternalId, String id,
                                 String clientId, String text) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into message (id, tenant_id, conversation_id, seq, sender_id, "
                + "client_id, text, created_at) values (?::uuid, ?::uuid, ?::uuid, 1000000, (select id from chat_user "
                + "where tenant_id = ?::uuid and external_id = ?), ?, ?, now())")) {
            ps.setString(1, id);
            ps.setString(2, tenantId);
            ps.setString(3, conversationId);
            ps.setString(4, tenantId);
            ps.setString(5, senderExternalId);
            ps.setString(6, clientId);
            ps.setString(7, text);
            assertEquals(1, ps.executeUpdate());
        }
    }
}
