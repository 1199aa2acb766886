package com.chatplatform.api.audit;

import static com.chatplatform.api.platform.NativeRows.instant;

import static com.chatplatform.api.platform.JsonSupport.JSON;

import com.chatplatform.api.identity.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The append-only audit log (table audit_event; PostgreSQL refuses UPDATE, DELETE and TRUNCATE on it).
 * Successes are written in the transaction of the change they record, so both commit or neither does;
 * failures are written in a transaction of their own, because the failing call's transaction rolls back.
 */
@ApplicationScoped
public class AuditLog {
    public static final String SIGN_IN = "auth.sign_in";
    public static final String TENANT_CREATED = "tenant.created";
    public static final String TENANT_RENAMED = "tenant.renamed";
    public static final String TENANT_SUSPENDED = "tenant.suspended";
    public static final String TENANT_REACTIVATED = "tenant.reactivated";
    public static final String API_KEY_CREATED = "api_key.created";
    public static final String API_KEY_REVOKED = "api_key.revoked";
    // people: console accounts, invitations, sign-in hardening, end-user profiles, JWKS URLs
    public static final String LOCKED_OUT = "auth.locked_out";
    public static final String SIGNED_OUT_EVERYWHERE = "auth.signed_out_everywhere";
    public static final String PASSWORD_CHANGED = "account.password_changed";
    public static final String TOTP_ENABLED = "account.totp_enabled";
    public static final String TOTP_DISABLED = "account.totp_disabled";
    public static final String INVITATION_CREATED = "invitation.created";
    public static final String INVITATION_REVOKED = "invitation.revoked";
    public static final String INVITATION_ACCEPTED = "invitation.accepted";
    public static final String ACCOUNT_ROLE_CHANGED = "account.role_changed";
    public static final String ACCOUNT_REMOVED = "account.removed";
    public static final String USER_UPDATED = "user.updated";
    public static final String JWKS_URL_ADDED = "token_key.jwks_url_added";
    public static final String JWKS_URL_REMOVED = "token_key.jwks_url_removed";

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    RequestOrigin origin;

    /** Records a successful action inside the caller's transaction. */
    @Transactional
    public void success(Actor actor, UUID tenantId, String action, String targetType, Object targetId, JsonObject detail) {
        insert(actor, tenantId, action, targetType, targetId, "success", detail);
    }

    /** Records a refused or failed action; kept even when the surrounding transaction rolls back. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void failure(Actor actor, UUID tenantId, String action, String targetType, Object targetId, JsonObject detail) {
        insert(actor, tenantId, action, targetType, targetId, "failure", detail);
    }

    /**
     * Newest first. Platform admins see every tenant (optionally filtered by {@code tenantId}); any other
     * caller sees only its own tenant's entries, whatever the query names.
     */
    public AuditPage list(Caller caller, AuditQuery query) {
        AuditQuery q = caller.isPlatformAdmin() ? query : query.withTenant(caller.requireTenant());
        StringBuilder sql = new StringBuilder("select id, tenant_id, occurred_at, actor_kind, actor_id, action, target_type, "
                + "target_id, source_ip, outcome, detail::text from audit_event where true");
        List<Object> params = new ArrayList<>();
        if (q.tenantId() != null) {
            params.add(q.tenantId().toString());
            sql.append(" and tenant_id = cast(?").append(params.size()).append(" as uuid)");
        }
        if (q.action() != null) {
            params.add(q.action());
            sql.append(" and action = cast(?").append(params.size()).append(" as varchar)");
        }
        if (q.from() != null) {
            params.add(q.from().toString());
            sql.append(" and occurred_at >= cast(?").append(params.size()).append(" as timestamptz)");
        }
        if (q.to() != null) {
            params.add(q.to().toString());
            sql.append(" and occurred_at < cast(?").append(params.size()).append(" as timestamptz)");
        }
        if (q.before() != null) {
            params.add(q.before());
            sql.append(" and id < ?").append(params.size());
        }
        params.add(q.limit() + 1);
        sql.append(" order by id desc limit ?").append(params.size());
        Query nq = em.createNativeQuery(sql.toString());
        for (int i = 0; i < params.size(); i++) {
            nq.setParameter(i + 1, params.get(i));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = nq.getResultList();
        List<AuditEntry> items = new ArrayList<>();
        for (Object[] r : rows.subList(0, Math.min(rows.size(), q.limit()))) {
            items.add(new AuditEntry(((Number) r[0]).longValue(), r[1] == null ? null : UUID.fromString(r[1].toString()),
                    instant(r[2]), (String) r[3], (String) r[4], (String) r[5], (String) r[6], (String) r[7], (String) r[8],
                    (String) r[9], parse((String) r[10])));
        }
        Long next = rows.size() > q.limit() ? items.get(items.size() - 1).id() : null;
        return new AuditPage(items, next);
    }

    /** A detail object from name/value pairs (null values are left out). */
    public static JsonObject detail(Object... nameValues) {
        JsonObjectBuilder b = JSON.createObjectBuilder();
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            if (nameValues[i + 1] != null) {
                b.add((String) nameValues[i], String.valueOf(nameValues[i + 1]));
            }
        }
        return b.build();
    }

    /**
     * Inserts an entry chained to the previous entry of its chain (the tenant's, or the platform's when there is
     * no tenant). A transaction-scoped advisory lock per chain orders the writers: the id is taken and the
     * previous hash read while holding it, and it is released at commit, so the chain follows commit order.
     */
    private void insert(Actor actor, UUID tenantId, String action, String targetType, Object targetId, String outcome, JsonObject detail) {
        em.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, chainLockKey(tenantId)).getSingleResult();
        long id = ((Number) em.createNativeQuery("select nextval('audit_event_id_seq')").getSingleResult()).longValue();
        List<?> previous = (tenantId == null
                ? em.createNativeQuery("select hash from audit_event where tenant_id is null order by id desc limit 1")
                : em.createNativeQuery("select hash from audit_event where tenant_id = cast(?1 as uuid) order by id desc limit 1")
                        .setParameter(1, tenantId.toString()))
                .getResultList();
        String prevHash = previous.isEmpty() ? null : (String) previous.get(0);
        em.createNativeQuery("insert into audit_event (id, tenant_id, occurred_at, actor_kind, actor_id, action, target_type, target_id, "
                        + "source_ip, outcome, detail, prev_hash, hash) select v.id, v.tenant_id, v.occurred_at, v.actor_kind, v.actor_id, "
                        + "v.action, v.target_type, v.target_id, v.source_ip, v.outcome, v.detail, v.prev_hash, "
                        + "audit_event_digest(v.prev_hash, v.id, v.tenant_id, v.occurred_at, v.actor_kind, v.actor_id, v.action, "
                        + "v.target_type, v.target_id, v.source_ip, v.outcome, v.detail) "
                        + "from (select ?10 as id, cast(?1 as uuid) as tenant_id, date_trunc('microseconds', clock_timestamp()) as occurred_at, "
                        + "cast(?2 as varchar) as actor_kind, cast(?3 as varchar) as actor_id, cast(?4 as varchar) as action, "
                        + "cast(?5 as varchar) as target_type, cast(?6 as varchar) as target_id, cast(?7 as varchar) as source_ip, "
                        + "cast(?8 as varchar) as outcome, cast(?9 as jsonb) as detail, cast(?11 as varchar) as prev_hash) v")
                .setParameter(1, tenantId == null ? null : tenantId.toString())
                .setParameter(2, actor.kind())
                .setParameter(3, actor.id())
                .setParameter(4, action)
                .setParameter(5, targetType)
                .setParameter(6, targetId == null ? null : targetId.toString())
                .setParameter(7, origin.sourceIp())
                .setParameter(8, outcome)
                .setParameter(9, (detail == null ? JsonObject.EMPTY_JSON_OBJECT : detail).toString())
                .setParameter(10, id)
                .setParameter(11, prevHash)
                .executeUpdate();
    }

    private static long chainLockKey(UUID tenantId) {
        // One advisory lock key per chain; a collision only makes two chains wait for each other.
        return tenantId == null ? 0x41554449545f504cL : tenantId.getMostSignificantBits() ^ tenantId.getLeastSignificantBits();
    }

    /** The result of walking a chain: how many entries were checked and the first one that does not verify. */
    public record Verification(boolean valid, String chain, long checked, Long firstBrokenId, String reason, Long lastId, String lastHash) {
    }

    /**
     * Walks a chain in id order (the caller's tenant; platform admins may name a tenant or, with null, the
     * platform chain), recomputing every entry's hash and checking that it names its predecessor's hash.
     */
    public Verification verify(Caller caller, UUID requestedTenant) {
        UUID tenantId = caller.isPlatformAdmin() ? requestedTenant : caller.requireTenant();
        String where = tenantId == null ? "tenant_id is null" : "tenant_id = cast(?1 as uuid)";
        long checked = 0;
        long after = 0;
        String expectedPrev = null;
        Long lastId = null;
        while (true) {
            Query q = em.createNativeQuery("select id, prev_hash, hash, audit_event_digest(prev_hash, id, tenant_id, occurred_at, "
                    + "actor_kind, actor_id, action, target_type, target_id, source_ip, outcome, detail) from audit_event where "
                    + where + " and id > ?2 order by id limit 1000");
            if (tenantId != null) {
                q.setParameter(1, tenantId.toString());
            }
            @SuppressWarnings("unchecked")
            List<Object[]> rows = q.setParameter(2, after).getResultList();
            if (rows.isEmpty()) {
                break;
            }
            for (Object[] r : rows) {
                long id = ((Number) r[0]).longValue();
                String prev = (String) r[1];
                String hash = (String) r[2];
                String recomputed = (String) r[3];
                String chain = tenantId == null ? "platform" : tenantId.toString();
                if (hash == null) {
                    return new Verification(false, chain, checked, id, "the entry has no hash", lastId, expectedPrev);
                }
                if (!java.util.Objects.equals(prev, expectedPrev)) {
                    return new Verification(false, chain, checked, id,
                            "the entry does not name the previous entry's hash (an entry was removed, inserted or changed before it)",
                            lastId, expectedPrev);
                }
                if (!hash.equals(recomputed)) {
                    return new Verification(false, chain, checked, id, "the entry's content does not match its hash (it was changed)",
                            lastId, expectedPrev);
                }
                checked++;
                expectedPrev = hash;
                lastId = id;
                after = id;
            }
        }
        return new Verification(true, tenantId == null ? "platform" : tenantId.toString(), checked, null, null, lastId, expectedPrev);
    }

    private static JsonObject parse(String json) {
        try (var reader = JSON.createReader(new StringReader(json == null ? "{}" : json))) {
            return reader.readObject();
        }
    }
}
