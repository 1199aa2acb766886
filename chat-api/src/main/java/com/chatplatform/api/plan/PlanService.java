package com.chatplatform.api.plan;

import static com.chatplatform.api.platform.JsonSupport.JSON;

import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import com.chatplatform.api.tenant.TenantService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Plans and their assignment to tenants (platform admins; callers are checked by the resources' @Access).
 * Every change is audited in its transaction and invalidates the cached settings once it commits.
 * Bad input fails with plan.invalid / plan.not_found and changes nothing.
 */
@ApplicationScoped
public class PlanService {
    public static final String PLAN_CREATED = "plan.created";
    public static final String PLAN_UPDATED = "plan.updated";
    public static final String TENANT_PLAN_CHANGED = "tenant.plan_changed";
    private static final Pattern PLAN_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    TenantService tenants;
    @Inject
    TenantSettings settings;
    @Inject
    AuditLog audit;
    @Inject
    Event<SettingsChanged> changed;

    public List<Plan> list() {
        return em.createQuery("select p from Plan p order by p.createdAt, p.id", Plan.class).getResultList();
    }

    public Plan require(String id) {
        return find(id).orElseThrow(() -> new ApiException(ErrorCode.PLAN_NOT_FOUND, "Plan \"" + id + "\" does not exist."));
    }

    /** Creates a plan from {"id", "name", "limits": {every limit}}. */
    @Transactional
    public Plan create(Caller caller, JsonObject body) {
        JsonObject b = object(body);
        allowOnly(b, Set.of("id", "name", "limits"));
        String id = text(b, "id");
        if (id == null || !PLAN_ID.matcher(id).matches()) {
            throw new ApiException(ErrorCode.PLAN_INVALID, "\"id\" must be 1 to 40 characters of a-z, 0-9, _ and -, starting with a letter or digit.");
        }
        String name = validName(text(b, "name"));
        Limits limits = Limits.of(limitsObject(b.get("limits")));
        if (find(id).isPresent()) {
            throw new ApiException(ErrorCode.PLAN_EXISTS, "Plan \"" + id + "\" already exists.");
        }
        Plan plan = new Plan(id, name, limits, now());
        em.persist(plan);
        em.flush();
        audit.success(Actor.of(caller), null, PLAN_CREATED, "plan", id,
                JSON.createObjectBuilder().add("name", name).add("limits", limits.toJson()).build());
        return plan;
    }

    /** Changes a plan's name and/or some of its limits ({"name", "limits": {some limits}}); affects every tenant on it. */
    @Transactional
    public Plan update(Caller caller, String id, JsonObject body) {
        JsonObject b = object(body);
        allowOnly(b, Set.of("name", "limits"));
        Plan plan = Optional.ofNullable(em.find(Plan.class, id == null ? "" : id, LockModeType.PESSIMISTIC_WRITE))
                .orElseThrow(() -> new ApiException(ErrorCode.PLAN_NOT_FOUND, "Plan \"" + id + "\" does not exist."));
        String name = b.containsKey("name") ? validName(text(b, "name")) : plan.name();
        JsonObject limitChanges = b.containsKey("limits") ? limitsObject(b.get("limits")) : JsonValue.EMPTY_JSON_OBJECT;
        Limits before = plan.limits();
        Limits after = before.with(limitChanges);
        String oldName = plan.name();
        if (name.equals(oldName) && after.equals(before)) {
            return plan;
        }
        plan.update(name, after, now());
        var detail = JSON.createObjectBuilder().add("changes", limitChanges);
        if (!name.equals(oldName)) {
            detail.add("from", oldName).add("name", name);
        }
        audit.success(Actor.of(caller), null, PLAN_UPDATED, "plan", id, detail.build());
        changed.fire(new SettingsChanged(null));
        return plan;
    }

    /** A tenant's plan, overrides and effective limits, read without the cache (for platform admins). */
    public TenantSettings.Effective ofTenant(UUID tenantId) {
        tenants.require(tenantId);
        return effective(em.find(TenantPlan.class, tenantId), tenantId);
    }

    /**
     * Puts a tenant on a plan with the given overrides ({"plan": id, "overrides": {some limits}}); the
     * overrides replace the tenant's earlier ones (absent or null: none). Audited as tenant.plan_changed.
     */
    @Transactional
    public TenantSettings.Effective assign(Caller caller, UUID tenantId, JsonObject body) {
        JsonObject b = object(body);
        allowOnly(b, Set.of("plan", "overrides"));
        tenants.require(tenantId);
        String planId = text(b, "plan");
        if (planId == null) {
            throw new ApiException(ErrorCode.PLAN_INVALID, "\"plan\" (a plan id) is required.");
        }
        Plan plan = require(planId);
        JsonObject overrides = Limits.validOverrides(b.get("overrides"));
        plan.limits().with(overrides);
        TenantPlan current = em.find(TenantPlan.class, tenantId, LockModeType.PESSIMISTIC_WRITE);
        String from = current == null ? null : current.planId();
        JsonObject fromOverrides = current == null ? JsonValue.EMPTY_JSON_OBJECT : Limits.parse(current.overrides());
        if (current == null) {
            current = new TenantPlan(tenantId, plan.id(), overrides.toString(), now());
            em.persist(current);
        } else if (!plan.id().equals(from) || !overrides.equals(fromOverrides)) {
            current.assign(plan.id(), overrides.toString(), now());
        } else {
            return effective(current, tenantId);
        }
        var detail = JSON.createObjectBuilder().add("to", plan.id()).add("overrides", overrides);
        if (from != null) {
            detail.add("from", from).add("fromOverrides", fromOverrides);
        }
        audit.success(Actor.of(caller), tenantId, TENANT_PLAN_CHANGED, "tenant", tenantId, detail.build());
        changed.fire(new SettingsChanged(tenantId));
        return effective(current, tenantId);
    }

    /** Puts a new tenant on the default plan (chat.plan.default), in the tenant's creating transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void assignDefault(Caller caller, UUID tenantId) {
        Plan plan = require(settings.defaultPlan());
        em.persist(new TenantPlan(tenantId, plan.id(), "{}", now()));
        audit.success(Actor.of(caller), tenantId, TENANT_PLAN_CHANGED, "tenant", tenantId,
                JSON.createObjectBuilder().add("to", plan.id()).add("overrides", JsonValue.EMPTY_JSON_OBJECT)
                        .add("reason", "default plan of a new tenant").build());
        changed.fire(new SettingsChanged(tenantId));
    }

    private TenantSettings.Effective effective(TenantPlan assigned, UUID tenantId) {
        Plan plan = require(assigned == null ? settings.defaultPlan() : assigned.planId());
        JsonObject overrides = Limits.parse(assigned == null ? null : assigned.overrides());
        return new TenantSettings.Effective(plan.id(), plan.name(), overrides, plan.limits().with(overrides), settings.loadCompliance(tenantId));
    }

    private Optional<Plan> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(em.find(Plan.class, id));
    }

    private static JsonObject object(JsonObject body) {
        if (body == null) {
            throw new ApiException(ErrorCode.PLAN_INVALID, "A JSON object body is required.");
        }
        return body;
    }

    private static void allowOnly(JsonObject body, Set<String> names) {
        for (String name : body.keySet()) {
            if (!names.contains(name)) {
                throw new ApiException(ErrorCode.PLAN_INVALID, "Unknown field \"" + name + "\"; expected " + String.join(", ", names.stream().sorted().toList()) + ".");
            }
        }
    }

    private static JsonObject limitsObject(JsonValue v) {
        if (v == null || v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new ApiException(ErrorCode.PLAN_INVALID, "\"limits\" must be an object of limits.");
        }
        return v.asJsonObject();
    }

    private static String text(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw new ApiException(ErrorCode.PLAN_INVALID, "\"" + name + "\" must be a string.");
    }

    private static String validName(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw new ApiException(ErrorCode.PLAN_INVALID, "\"name\" must have 1 to 100 characters.");
        }
        return trimmed;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
