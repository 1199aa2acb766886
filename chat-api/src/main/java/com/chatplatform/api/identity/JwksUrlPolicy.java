package com.chatplatform.api.identity;

import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which JWKS URLs we fetch: https only, a host, no user info, at most 2,048 characters, and every address
 * the host resolves to must be public (not loopback, private, link-local such as cloud metadata,
 * carrier-grade NAT, unique-local IPv6, multicast or unspecified), so a tenant cannot make the service
 * call into its own network. {@code allowInsecure} (development and tests only) also admits http and
 * internal addresses.
 */
public final class JwksUrlPolicy {
    static final int MAX_LENGTH = 2048;

    private JwksUrlPolicy() {
    }

    /** Checks the URL's form (no DNS lookup). */
    public static URI parse(String url, boolean allowInsecure) {
        if (url == null || url.isBlank() || url.length() > MAX_LENGTH || url.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw invalid("\"url\" must be an https URL of at most " + MAX_LENGTH + " characters.");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw invalid("\"url\" is not a valid URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || (allowInsecure && scheme.equals("http")))) {
            throw invalid("The JWKS URL must use https.");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty() || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw invalid("The JWKS URL needs a host and no user info or fragment.");
        }
        return uri;
    }

    /** Checks the URL and resolves its host: every address must be public unless {@code allowInsecure}. */
    public static URI check(String url, boolean allowInsecure) {
        URI uri = parse(url, allowInsecure);
        if (allowInsecure) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new ApiException(ErrorCode.TOKEN_KEY_JWKS_UNAVAILABLE, "The JWKS URL's host does not resolve.");
        }
        for (InetAddress a : addresses) {
            if (isInternal(a)) {
                throw invalid("The JWKS URL's host resolves to an internal address (" + a.getHostAddress() + ").");
            }
        }
        return uri;
    }

    static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) || first >= 240
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || (first == 198 && (second == 18 || second == 19));
        }
        return (b[0] & 0xfe) == 0xfc; // fc00::/7 unique local
    }

    private static ApiException invalid(String detail) {
        return new ApiException(ErrorCode.TOKEN_KEY_JWKS_URL_INVALID, detail);
    }
}
