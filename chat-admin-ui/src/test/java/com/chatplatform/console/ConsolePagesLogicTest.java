package com.chatplatform.console;

import com.chatplatform.client.admin.ComplianceJob;
import com.chatplatform.client.admin.ModerationRecord;
import com.chatplatform.client.admin.Tenant;
import com.chatplatform.client.admin.TenantPlan;
import com.chatplatform.client.admin.TenantUsage;
import com.chatplatform.console.account.QrSvg;
import com.chatplatform.console.compliance.ComplianceView;
import com.chatplatform.console.moderation.ModerationView;
import com.chatplatform.console.plans.PlansView;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure parts of the management pages: limit parsing, CSV lines, job subjects, the QR code's SVG. */
class ConsolePagesLogicTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void limitsTypedAsTextBecomeTheApiValues() {
        assertNull(PlansView.limitValue("maxUsers", ""), "empty: unlimited");
        assertEquals(500L, PlansView.limitValue("maxUsers", "500"));
        assertEquals(2.5, PlansView.limitValue("userMessagesPerSecond", "2.5"));
        assertEquals(List.of("image/png", "image/jpeg"), PlansView.limitValue("allowedMediaTypes", "image/png, image/jpeg"));
        assertEquals("lots", PlansView.limitValue("tenantMessageBurst", "lots"), "not a number: sent as is, the API names the field");
    }

    @Test
    void theUsageCsvHasOneLinePerTenant() throws Exception {
        TenantPlan plan = new TenantPlan(new TenantPlan.PlanRef("team", "Team"), JSON.readTree("{\"maxUsers\":5}"),
                JSON.readTree("{\"maxUsers\":5}"), null);
        TenantUsage usage = new TenantUsage(2L, 5L, 1024L, null, 7L, Instant.parse("2026-12-06T00:00:00Z"));
        String csv = new String(PlansView.usageCsv(List.of(
                new PlansView.Row(new Tenant("t-1", "=Acme, Inc.", "active", null), plan, usage),
                new PlansView.Row(new Tenant("t-2", "Gone", "active", null), null, null))), StandardCharsets.UTF_8);
        assertEquals("tenant_id,tenant_name,plan,overrides,users,max_users,storage_bytes,max_storage_bytes,messages_today\r\n"
                + "t-1,\"'=Acme, Inc.\",team,maxUsers 5,2,5,1024,,7\r\n"
                + "t-2,Gone,,,,,,,\r\n", csv);
    }

    @Test
    void jobsSayWhoseDataTheyAreAbout() throws Exception {
        assertEquals("whole tenant", ComplianceView.subject(job(JSON.readTree("{\"scope\":\"tenant\"}"))));
        assertEquals("alice, bob", ComplianceView.subject(job(JSON.readTree(
                "{\"scope\":\"users\",\"users\":[{\"id\":\"u1\",\"externalId\":\"alice\"},{\"id\":\"u2\",\"externalId\":\"bob\"}]}"))));
        assertEquals("carol", ComplianceView.subject(job(JSON.readTree("{\"user\":{\"id\":\"u3\",\"externalId\":\"carol\"},\"policy\":\"delete\"}"))));
        assertEquals("", ComplianceView.subject(job(null)));
    }

    @Test
    void moderationRecordsExportAsCsv() {
        String csv = new String(ModerationView.recordsCsv(List.of(new ModerationRecord("r1", "ban", "c1", "gina", null, "account", "a1",
                "spam, again", null, Instant.parse("2026-12-06T01:02:03Z")))), StandardCharsets.UTF_8);
        assertEquals("id,created_at,action,conversation_id,user_id,message_id,actor_kind,actor_id,reason,expires_at\r\n"
                + "r1,2026-12-06T01:02:03Z,ban,c1,gina,,account,a1,\"spam, again\",\r\n", csv);
    }

    @Test
    void theQrCodeIsAnSvgOfDarkModules() {
        String svg = QrSvg.of("otpauth://totp/Chat:me@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Chat");
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "), svg);
        // Version 4 or 5 for this length: 33 or 37 modules plus a 4-module border each side.
        String size = svg.substring(svg.indexOf("viewBox=\"0 0 ") + 13).split(" ")[0];
        assertTrue(size.equals("41") || size.equals("45"), size);
        assertTrue(svg.contains("M4,4h1v1h-1z"), "the top-left finder pattern starts at the border");
        assertTrue(svg.endsWith("</svg>"));
    }

    private static ComplianceJob job(com.fasterxml.jackson.databind.JsonNode subject) {
        return new ComplianceJob("j1", "export", "completed", subject, null, null, null, null, null, null, null, null);
    }
}
