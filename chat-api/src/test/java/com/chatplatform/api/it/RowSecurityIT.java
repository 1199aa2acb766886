package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.chatplatform.itprobe.RowSecurityProbe;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The PostgreSQL row-level security backstop (ADR 0006): a deliberately unscoped query (no tenant filter) made
 * inside a tenant caller's transaction sees only that tenant's rows, because the API connects as a plain role
 * and RowSecurity sets the tenant on every connection. Deploys the built WAR plus a test-only probe resource,
 * so it does not share ApiTestBase's deployment.
 */
@ExtendWith({ChatServices.class, ArquillianExtension.class})
@RunAsClient
class RowSecurityIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(ZipImporter.class, "api.war")
                .importFrom(new File(System.getProperty("chat.it.war"))).as(WebArchive.class)
                .addClass(RowSecurityProbe.class);
    }

    @ArquillianResource
    URL url;

    TestApi api;
    TenantFixtures fixtures;

    @BeforeEach
    void client() {
        api = new TestApi(url);
        fixtures = new TenantFixtures(api);
    }

    private void send(TenantFixtures.TenantFixture t, String text) {
        TestApi.Reply sent = api.post("v1/conversations/" + t.conversationId() + "/messages", t.alice(),
                json("clientId", UUID.randomUUID().toString(), "text", text));
        assertEquals(200, sent.status(), () -> String.valueOf(sent.body()));
    }

    private static long messagesOf(String tenantId) throws SQLException {
        try (Connection c = ChatServices.postgres().connect("chat"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from message where tenant_id = '" + UUID.fromString(tenantId) + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void anUnscopedQueryInATenantCallersTransactionSeesOnlyThatTenantsRows() throws Exception {
        TenantFixtures.TenantFixture a = fixtures.newTenant("RLS A " + UUID.randomUUID());
        TenantFixtures.TenantFixture b = fixtures.newTenant("RLS B " + UUID.randomUUID());
        send(a, "a one");
        send(a, "a two");
        send(b, "b one");

        JsonNode asA = probe(a.alice());
        assertEquals("chat_app", asA.get("role").asText(), "the API connects as the plain service role");
        assertEquals(1, asA.get("tenantsInMessages").asLong(), asA::toString);
        assertEquals(messagesOf(a.tenantId()), asA.get("messages").asLong(), asA::toString);
        assertEquals(List.of(a.tenantId()), strings(asA.get("userTenants")));
        assertEquals(2, asA.get("users").asLong());

        JsonNode asB = probe(b.apiKey());
        assertEquals(List.of(b.tenantId()), strings(asB.get("userTenants")), "an API key is scoped to its tenant too");
        assertEquals(messagesOf(b.tenantId()), asB.get("messages").asLong());

        JsonNode asAdmin = probe(fixtures.adminToken());
        assertTrue(strings(asAdmin.get("userTenants")).containsAll(List.of(a.tenantId(), b.tenantId())),
                "a platform-level call is not restricted to one tenant: " + asAdmin);

        TestApi.Reply touched = api.get("v1/it-probe/unscoped/touch", a.alice());
        assertEquals(200, touched.status(), () -> String.valueOf(touched.body()));
        assertEquals(2, touched.body().get("changed").asInt(), "an unscoped update changes only the caller's tenant's rows");
    }

    @Test
    void theServiceRoleIsSubjectToRowLevelSecurityOnEveryTenantOwnedTable() throws Exception {
        fixtures.newTenant("RLS tables " + UUID.randomUUID()); // the API has started and migrated
        try (Connection c = ChatServices.postgres().connect("chat"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select rolsuper, rolbypassrls from pg_roles where rolname = 'chat_app'")) {
                assertTrue(rs.next());
                assertFalse(rs.getBoolean(1) || rs.getBoolean(2));
            }
            List<String> tenantTables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select c.table_name from information_schema.columns c join information_schema.tables t "
                    + "using (table_schema, table_name) where c.table_schema = 'public' and c.column_name = 'tenant_id' "
                    + "and t.table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tenantTables.add(rs.getString(1));
                }
            }
            assertTrue(tenantTables.containsAll(List.of("message", "chat_user", "conversation", "attachment", "api_key")), tenantTables::toString);
            Set<String> protectedTables = new HashSet<>();
            try (ResultSet rs = s.executeQuery("select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                    + "where n.nspname = 'public' and c.relrowsecurity and c.relforcerowsecurity "
                    + "and exists (select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname)")) {
                while (rs.next()) {
                    protectedTables.add(rs.getString(1));
                }
            }
            assertTrue(protectedTables.containsAll(tenantTables), () -> "without RLS: " + tenantTables.stream()
                    .filter(t -> !protectedTables.contains(t)).toList());
        }
        // The service role appends to the audit log but cannot rewrite it, even with a trigger disabled.
        try (Connection app = DriverManager.getConnection(ChatServices.postgres().jdbcUrl("chat"), "chat_app",
                System.getProperty("chat.it.db.service-password")); Statement s = app.createStatement()) {
            // A connection naming a tenant sees only its rows; in a system scope all; in no scope none under the
            // fail-closed policy, all under the (default) tenant-restricted one.
            long all;
            s.execute("select set_config('chat.scope', 'system', false)");
            all = count(s, "select count(*) from chat_user");
            assertTrue(all >= 2, "the system scope sees every tenant");
            s.execute("select set_config('chat.scope', '', false)");
            String anyTenant;
            try (Connection owner = ChatServices.postgres().connect("chat"); Statement o = owner.createStatement();
                 ResultSet rs = o.executeQuery("select tenant_id::text from chat_user limit 1")) {
                rs.next();
                anyTenant = rs.getString(1);
            }
            s.execute("select set_config('chat.tenant_id', '" + UUID.fromString(anyTenant) + "', false)");
            assertEquals(count(s, "select count(*) from chat_user where tenant_id = '" + anyTenant + "'"),
                    count(s, "select count(*) from chat_user"), "a tenant's connection sees only that tenant's users");
            s.execute("select set_config('chat.tenant_id', '', false)");
            boolean failClosed;
            try (ResultSet rs = s.executeQuery("select qual from pg_policies where tablename = 'chat_user' and policyname = 'tenant_scope'")) {
                assertTrue(rs.next());
                failClosed = rs.getString(1).contains("chat.scope");
            }
            assertEquals(failClosed ? 0 : all, count(s, "select count(*) from chat_user"), "no scope (fail-closed: " + failClosed + ")");
            try {
                s.executeUpdate("delete from audit_event where false");
                fail("chat_app may delete audit entries");
            } catch (SQLException e) {
                assertEquals("42501", e.getSQLState(), e.getMessage()); // insufficient_privilege
            }
            try {
                s.execute("alter table message disable row level security");
                fail("chat_app may switch row-level security off");
            } catch (SQLException e) {
                assertEquals("42501", e.getSQLState(), e.getMessage()); // must be owner
            }
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private JsonNode probe(String credential) {
        TestApi.Reply r = api.get("v1/it-probe/unscoped", credential);
        assertEquals(200, r.status(), () -> String.valueOf(r.body()));
        return r.body();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
