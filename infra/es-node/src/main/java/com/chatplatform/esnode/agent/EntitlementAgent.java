package com.chatplatform.esnode.agent;

import java.lang.instrument.Instrumentation;

import org.elasticsearch.entitlement.initialization.EntitlementInitialization;

/**
 * The entitlement agent Elasticsearch attaches to its own JVM at start (the distribution's one is not published).
 * Elasticsearch finds it as the single jar of {@code lib/entitlement-agent/} or through
 * {@code -Des.entitlement.agentJar}; the jar manifest declares Agent-Class and the redefine/retransform capabilities.
 */
public final class EntitlementAgent {

    private EntitlementAgent() {
    }

    public static void agentmain(String agentArgs, Instrumentation instrumentation) {
        EntitlementInitialization.initialize(instrumentation);
    }
}
