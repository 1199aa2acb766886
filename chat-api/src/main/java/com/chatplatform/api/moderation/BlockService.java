package com.chatplatform.api.moderation;

import static com.chatplatform.api.platform.NativeRows.instant;

import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import com.chatplatform.api.user.ChatUser;
import com.chatplatform.api.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Blocks between end users of one tenant, made by the blocker with a user token. A block is private to the blocker:
 * it is not a conversation event and the blocked user is not told. While it holds, neither user can open a direct
 * conversation with the other or send a direct message to the other ({@code user.blocked}); in groups and channels
 * messages are delivered as usual and the blocker's clients hide them using {@code GET /blocks}.
 */
@ApplicationScoped
public class BlockService {
    public static final int MAX_BLOCKS = 10_000;

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    UserService users;

    public record Block(String userId, Instant createdAt) {
    }

    /** Blocks a user (idempotent: true when the block is new). */
    @Transactional
    public boolean block(Caller caller, String userExternalId) {
        UUID me = caller.requireUser();
        ChatUser other = require(caller, userExternalId);
        if (other.id().equals(me)) {
            throw new ApiException(ErrorCode.BLOCK_SELF);
        }
        long count = ((Number) em.createNativeQuery("select count(*) from user_block where tenant_id = ?1 and blocker_id = ?2")
                .setParameter(1, caller.requireTenant()).setParameter(2, me).getSingleResult()).longValue();
        if (count >= MAX_BLOCKS) {
            throw ApiException.invalid("A user blocks at most " + MAX_BLOCKS + " users.");
        }
        return em.createNativeQuery("insert into user_block (tenant_id, blocker_id, blocked_id, created_at) values (?1, ?2, ?3, now()) "
                        + "on conflict do nothing")
                .setParameter(1, caller.requireTenant()).setParameter(2, me).setParameter(3, other.id()).executeUpdate() == 1;
    }

    /** Lifts a block (idempotent: true when there was one). */
    @Transactional
    public boolean unblock(Caller caller, String userExternalId) {
        UUID me = caller.requireUser();
        ChatUser other = require(caller, userExternalId);
        return em.createNativeQuery("delete from user_block where tenant_id = ?1 and blocker_id = ?2 and blocked_id = ?3")
                .setParameter(1, caller.requireTenant()).setParameter(2, me).setParameter(3, other.id()).executeUpdate() == 1;
    }

    /** The users the caller has blocked, by user id. */
    public List<Block> list(Caller caller) {
        UUID me = caller.requireUser();
        List<Object[]> rows = em.createNativeQuery("select u.external_id, b.created_at from user_block b join chat_user u on u.id = b.blocked_id "
                        + "where b.tenant_id = ?1 and b.blocker_id = ?2 order by u.external_id")
                .setParameter(1, caller.requireTenant()).setParameter(2, me).getResultList();
        return rows.stream().map(r -> new Block((String) r[0], instant(r[1]))).toList();
    }

    private ChatUser require(Caller caller, String userExternalId) {
        if (userExternalId == null || userExternalId.isBlank()) {
            throw ApiException.invalid("\"userId\" is required.");
        }
        return users.findByExternalId(caller.requireTenant(), userExternalId).orElseThrow(() -> ApiException.notFound("User"));
    }
}
