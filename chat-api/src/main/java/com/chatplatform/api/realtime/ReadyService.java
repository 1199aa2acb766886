package com.chatplatform.api.realtime;

import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.moderation.MuteService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** What the ready frame tells a new socket beyond its identity. One transaction (it runs on the WebSocket thread). */
@ApplicationScoped
public class ReadyService {
    @Inject
    MuteService mutes;

    /** The unread total of GET /unread (totalUnreadCount: conversations muted now left out). */
    @Transactional
    public long unreadTotal(Caller caller) {
        return mutes.unread(caller).totalUnreadCount();
    }
}
