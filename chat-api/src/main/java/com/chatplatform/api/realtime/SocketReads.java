package com.chatplatform.api.realtime;

import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.identity.CredentialVerifier;
import com.chatplatform.api.moderation.MuteService;
import com.chatplatform.api.ratelimit.RateLimiter;
import com.chatplatform.api.tenant.TenantService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * The database reads the WebSocket endpoint makes itself (handshake, ready frame, per-frame rate check), each in a
 * transaction of its own. On a WebSocket container thread a read outside a transaction gets a non-transactional
 * EntityManager that a transactional call earlier on the same pooled thread may have closed
 * ("Attempting to execute an operation on a closed EntityManager", seen in RealtimeIT): so none is made outside one.
 */
@ApplicationScoped
public class SocketReads {
    @Inject
    CredentialVerifier credentials;
    @Inject
    TenantService tenants;
    @Inject
    RateLimiter rateLimits;
    @Inject
    MuteService mutes;

    @Transactional
    public Caller verify(String token) {
        return credentials.verify(token);
    }

    @Transactional
    public void requireActive(UUID tenantId) {
        tenants.requireActive(tenantId);
    }

    /** This bean through its proxy (the transactional load of the limits). */
    @Inject
    SocketReads self;

    /**
     * The plan's request rate, per frame: without a transaction when the tenant's limits are cached (nearly always; a
     * JTA transaction per frame was about a sixth of the server's CPU under load), else in one that loads them.
     */
    public void checkRequest(Caller caller) {
        if (!rateLimits.checkRequestIfCached(caller)) {
            self.checkRequestLoadingLimits(caller);
        }
    }

    @Transactional
    public void checkRequestLoadingLimits(Caller caller) {
        rateLimits.checkRequest(caller);
    }

    /** The unread total of GET /unread (totalUnreadCount: conversations muted now left out). */
    @Transactional
    public long unreadTotal(Caller caller) {
        return mutes.unread(caller).totalUnreadCount();
    }
}
