package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/** {@code GET /platform/health}: each backing service checked now, and the API node that answered. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SystemHealth(String status, Instant checkedAt, List<Component> components, Node node) implements Serializable {

    public SystemHealth {
        components = components == null ? List.of() : List.copyOf(components);
    }

    /** {@code status} is {@code up} or {@code down}; {@code detail} says what failed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Component(String name, String status, long latencyMillis, String detail) implements Serializable {
        public boolean isUp() {
            return "up".equals(status);
        }
    }

    /** {@code id} is the node's pid@host. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Node(String id, Instant startedAt, long uptimeSeconds, int connections, String javaVersion,
                       List<String> clusterMembers) implements Serializable {
    }

    public boolean isUp() {
        return "up".equals(status);
    }
}
