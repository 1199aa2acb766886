package com.chatplatform.api.identity;

import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import java.util.Locale;
import java.util.Set;

/**
 * The console password policy: at least 12 and at most 256 characters, not the email (nor its part
 * before the @), not one repeated character, and not in a small built-in list of the most common
 * passwords of that length. Refusals answer account.password_policy with the rule that failed.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 256;

    /** Common passwords of 12 characters or more (shorter ones are refused by length anyway). Compared case-insensitively. */
    private static final Set<String> COMMON = Set.of(
            "123456789012", "1234567890123", "12345678901234", "123456789123", "111111111111", "000000000000",
            "123123123123", "password1234", "password12345", "password123!", "passwordpassword", "password1!23",
            "qwertyuiop12", "qwertyuiopas", "qwerty123456", "qwertyqwerty", "1q2w3e4r5t6y", "1qaz2wsx3edc",
            "iloveyou1234", "administrator", "administrator1", "changeme1234", "welcome12345", "welcome123456",
            "letmein12345", "letmeinplease", "abcdefghijkl", "abcdefghijklm", "abc123abc123", "trustno1trustno1",
            "football1234", "baseball1234", "superman1234", "starwars1234", "monkey123456", "dragon123456",
            "sunshine1234", "princess1234", "correcthorsebatterystaple", "p@ssw0rd1234", "passw0rd1234",
            "asdfghjklzxc", "zxcvbnm12345", "access123456", "master123456", "secret123456", "mypassword123");

    private PasswordPolicy() {
    }

    public static void check(String password, String email) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw refused("The password needs at least " + MIN_LENGTH + " characters.");
        }
        if (password.length() > MAX_LENGTH) {
            throw refused("The password has at most " + MAX_LENGTH + " characters.");
        }
        String lower = password.strip().toLowerCase(Locale.ROOT);
        if (email != null) {
            String e = email.strip().toLowerCase(Locale.ROOT);
            int at = e.indexOf('@');
            if (lower.equals(e) || (at > 0 && lower.equals(e.substring(0, at)))) {
                throw refused("The password must not be the email address.");
            }
        }
        if (lower.chars().distinct().count() == 1) {
            throw refused("The password must not be one repeated character.");
        }
        if (COMMON.contains(lower)) {
            throw refused("This password is among the most common ones; choose another.");
        }
    }

    private static ApiException refused(String detail) {
        return new ApiException(ErrorCode.PASSWORD_POLICY, detail);
    }
}
