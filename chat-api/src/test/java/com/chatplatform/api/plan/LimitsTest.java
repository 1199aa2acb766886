package com.chatplatform.api.plan;

import static com.chatplatform.api.platform.JsonSupport.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimitsTest {
    private static final Limits TEAM = new Limits(10L, 1000L, 100, null, 20, 40, 2, 4, 50, 100, 5, 10);

    private static JsonObject json(String text) {
        try (var r = JSON.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }

    @Test
    void overridesReplaceOnlyTheFieldsTheyNameAndNullMeansUnlimited() {
        Limits l = TEAM.with(json("{\"maxUsers\":null,\"userRequestBurst\":3,\"allowedMediaTypes\":[\"image/png\"]}"));
        assertNull(l.maxUsers());
        assertEquals(3, l.userRequestBurst());
        assertEquals(List.of("image/png"), l.allowedMediaTypes());
        assertEquals(1000L, l.maxStorageBytes());
        assertTrue(l.allowsMediaType("image/png") && !l.allowsMediaType("image/jpeg"));
        assertEquals(l, TEAM.with(l.toJson()), "the JSON form reads back the same");
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        for (String bad : List.of("{\"maxUsers\":-1}", "{\"maxStorageBytes\":1.5}", "{\"maxUploadBytes\":0}", "{\"maxUploadBytes\":null}",
                "{\"userRequestsPerSecond\":0}", "{\"userRequestsPerSecond\":\"5\"}", "{\"tenantMessageBurst\":0}",
                "{\"allowedMediaTypes\":[\"application/x-msdownload\"]}", "{\"maxUser\":5}")) {
            ApiException e = assertThrows(ApiException.class, () -> TEAM.with(json(bad)), bad);
            assertEquals(ErrorCode.PLAN_INVALID, e.code(), bad);
        }
    }

    @Test
    void aNewPlanNeedsEveryRequiredLimit() {
        ApiException e = assertThrows(ApiException.class, () -> Limits.of(json("{\"maxUploadBytes\":5}")));
        assertTrue(e.getMessage().contains("tenantMessagesPerSecond"), e.getMessage());
        assertEquals(TEAM, Limits.of(TEAM.toJson()));
    }
}
