package com.chatplatform.api.identity;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {
    private static final String EMAIL = "Ann.Admin@example.com";

    private static void refused(String password) {
        ApiException e = assertThrows(ApiException.class, () -> PasswordPolicy.check(password, EMAIL), password);
        assertEquals(ErrorCode.PASSWORD_POLICY, e.code());
    }

    @Test
    void refusesShortLongEmailRepeatedAndCommonPasswords() {
        refused(null);
        refused("");
        refused("elevenchars");
        refused("x".repeat(257));
        refused("ann.admin@example.com");
        refused("ANN.ADMIN@EXAMPLE.COM");
        refused("ann.admin@example.com ");
        refused("aaaaaaaaaaaaaaaa");
        refused("password1234");
        refused("Password1234");
        refused("123456789012");
        refused("QwertyuiopAS");
    }

    @Test
    void acceptsAReasonablePassword() {
        assertDoesNotThrow(() -> PasswordPolicy.check("violet-harbour-42-lantern", EMAIL));
        assertDoesNotThrow(() -> PasswordPolicy.check("twelve chars", EMAIL));
        assertDoesNotThrow(() -> PasswordPolicy.check("xy".repeat(128), null));
    }
}
