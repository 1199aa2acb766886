package com.chatplatform.api.audit;

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
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
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

    private void insert(Actor actor, UUID tenantId, String action, String targetType, Object targetId, String outcome, JsonObject detail) {
        em.createNativeQuery("insert into audit_event (tenant_id, actor_kind, actor_id, action, target_type, target_id, "
                        + "source_ip, outcome, detail) values (cast(?1 as uuid), ?2, cast(?3 as varchar), ?4, cast(?5 as varchar), "
                        + "cast(?6 as varchar), cast(?7 as varchar), ?8, cast(?9 as jsonb))")
                .setParameter(1, tenantId == null ? null : tenantId.toString())
                .setParameter(2, actor.kind())
                .setParameter(3, actor.id())
                .setParameter(4, action)
                .setParameter(5, targetType)
                .setParameter(6, targetId == null ? null : targetId.toString())
                .setParameter(7, origin.sourceIp())
                .setParameter(8, outcome)
                .setParameter(9, (detail == null ? JsonObject.EMPTY_JSON_OBJECT : detail).toString())
                .executeUpdate();
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }

    private static JsonObject parse(String json) {
        try (var reader = JSON.createReader(new StringReader(json == null ? "{}" : json))) {
            return reader.readObject();
        }
    }
}
