package com.chatplatform.api.cluster;

import java.util.List;
import java.util.UUID;

/**
 * What one node tells the others about live sessions (ADR 0009). Sent as JSON text over the cluster topic, so no
 * application class has to be known to the data grid's class loader.
 *
 * <ul>
 *   <li>{@code push}: deliver {@code frame} to the open sessions of {@code userIds} in {@code tenantId} (with
 *       {@code version1Only}: those of protocol version 1 only); the receiving node re-checks tenant and user of every
 *       session, as for a local delivery;</li>
 *   <li>{@code close-tenant}: close every session of the tenant with {@code code} (suspension);</li>
 *   <li>{@code close-users}: close the sessions of {@code userIds} in the tenant with {@code code} (revoked tokens).</li>
 * </ul>
 */
public record NodeSignal(String kind, UUID tenantId, List<UUID> userIds, String frame, String code, String detail, Boolean version1Only) {
    public static final String PUSH = "push";
    public static final String CLOSE_TENANT = "close-tenant";
    public static final String CLOSE_USERS = "close-users";

    public NodeSignal {
        userIds = userIds == null ? List.of() : List.copyOf(userIds);
    }

    public static NodeSignal push(UUID tenantId, List<UUID> userIds, String frame) {
        return new NodeSignal(PUSH, tenantId, userIds, frame, null, null, null);
    }

    /** A push for the sessions of protocol version 1 only (the message frame, which version 2 does without). */
    public static NodeSignal pushVersion1(UUID tenantId, List<UUID> userIds, String frame) {
        return new NodeSignal(PUSH, tenantId, userIds, frame, null, null, Boolean.TRUE);
    }

    public static NodeSignal closeTenant(UUID tenantId, String code, String detail) {
        return new NodeSignal(CLOSE_TENANT, tenantId, List.of(), null, code, detail, null);
    }

    public static NodeSignal closeUsers(UUID tenantId, List<UUID> userIds, String code, String detail) {
        return new NodeSignal(CLOSE_USERS, tenantId, userIds, null, code, detail, null);
    }
}
