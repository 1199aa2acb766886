package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;

/** {@code POST /me/totp}: the new secret (base32) and the otpauth:// URI an authenticator app reads from a QR code. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TotpEnrolment(String secret, String otpauthUri) implements Serializable {

    @Override
    public String toString() {
        return "TotpEnrolment[...]";
    }
}
