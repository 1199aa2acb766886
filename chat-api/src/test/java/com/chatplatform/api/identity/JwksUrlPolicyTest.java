package com.chatplatform.api.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.Test;

class JwksUrlPolicyTest {

    private static void refused(String url, boolean allowInsecure) {
        ApiException e = assertThrows(ApiException.class, () -> JwksUrlPolicy.check(url, allowInsecure), url);
        assertEquals(ErrorCode.TOKEN_KEY_JWKS_URL_INVALID, e.code(), url);
    }

    @Test
    void onlyHttpsToPublicAddressesUnlessInsecureIsAllowed() {
        for (String url : new String[] {"http://8.8.8.8/jwks.json", "ftp://8.8.8.8/jwks.json", "https://127.0.0.1/jwks.json",
                "https://10.1.2.3/jwks", "https://172.16.0.1/jwks", "https://192.168.1.1/jwks", "https://169.254.169.254/latest",
                "https://100.64.0.1/jwks", "https://0.0.0.0/jwks", "https://[::1]/jwks", "https://[fd00::1]/jwks",
                "https://[fe80::1]/jwks", "https://user:pw@8.8.8.8/jwks", "https://8.8.8.8/jwks#frag", "not a url", "",
                "https:///nohost", "https://8.8.8.8/" + "a".repeat(2100)}) {
            refused(url, false);
        }
        assertEquals("https://8.8.8.8/.well-known/jwks.json", JwksUrlPolicy.check("https://8.8.8.8/.well-known/jwks.json", false).toString());
        assertEquals("http://127.0.0.1:8080/jwks", JwksUrlPolicy.check("http://127.0.0.1:8080/jwks", true).toString());
        refused("ftp://127.0.0.1/jwks", true);
    }

    @Test
    void acceptsOnlyStrongSigningKeysWhoseDeclaredAlgorithmMatches() throws Exception {
        assertEquals("RS256", JwksCache.algorithmOf(new RSAKeyGenerator(2048).keyID("r").generate().toPublicJWK()));
        assertEquals("ES256", JwksCache.algorithmOf(new ECKeyGenerator(Curve.P_256).keyID("e").generate().toPublicJWK()));
        assertNull(JwksCache.algorithmOf(new RSAKeyGenerator(1024, true).keyID("weak").generate().toPublicJWK()));
        assertNull(JwksCache.algorithmOf(new ECKeyGenerator(Curve.P_384).keyID("p384").generate().toPublicJWK()));
        assertNull(JwksCache.algorithmOf(new RSAKeyGenerator(2048).keyID("enc").keyUse(KeyUse.ENCRYPTION).generate().toPublicJWK()));
        RSAKey ps = new RSAKeyGenerator(2048).keyID("ps").algorithm(JWSAlgorithm.PS256).generate().toPublicJWK();
        assertNull(JwksCache.algorithmOf(ps));
    }
}
