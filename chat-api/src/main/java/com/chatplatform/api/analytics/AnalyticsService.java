package com.chatplatform.api.analytics;

import static com.chatplatform.api.platform.NativeRows.uuid;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.realtime.RealtimeHub;
import com.chatplatform.api.tenant.TenantService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads a tenant's analytics from the daily rollups (a handful of indexed queries over at most 366 days of
 * rows per tenant, whatever the number of messages). A tenant caller reads its own tenant; a platform admin
 * names one.
 */
@ApplicationScoped
public class AnalyticsService {
    static final int BUSIEST = 10;
    static final int MONTH_DAYS = 30;

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    TenantService tenants;
    @Inject
    RealtimeHub hub;

    /** The caller's own tenant (tenant API key or tenant admin). */
    public AnalyticsReport forCaller(Caller caller, String from, String to) {
        Period period = Period.parse(from, to, Period.todayUtc());
        return report(caller.requireTenant(), period);
    }

    /** Any tenant, for platform admins (an unknown id answers not found). */
    public AnalyticsReport forTenant(UUID tenantId, String from, String to) {
        Period period = Period.parse(from, to, Period.todayUtc());
        tenants.require(tenantId);
        return report(tenantId, period);
    }

    AnalyticsReport report(UUID tenantId, Period period) {
        Date from = Date.valueOf(period.from());
        Date to = Date.valueOf(period.to());

        Map<LocalDate, long[]> byDay = new HashMap<>();
        List<Object[]> rows = em.createNativeQuery("select day, messages, attachments, attachment_bytes from analytics_tenant_day "
                        + "where tenant_id = ?1 and day between ?2 and ?3")
                .setParameter(1, tenantId).setParameter(2, from).setParameter(3, to).getResultList();
        for (Object[] r : rows) {
            byDay.computeIfAbsent(day(r[0]), d -> new long[4]);
            long[] v = byDay.get(day(r[0]));
            v[0] = num(r[1]);
            v[2] = num(r[2]);
            v[3] = num(r[3]);
        }
        List<Object[]> active = em.createNativeQuery("select day, count(*) from analytics_user_day "
                        + "where tenant_id = ?1 and day between ?2 and ?3 group by day")
                .setParameter(1, tenantId).setParameter(2, from).setParameter(3, to).getResultList();
        for (Object[] r : active) {
            byDay.computeIfAbsent(day(r[0]), d -> new long[4])[1] = num(r[1]);
        }
        List<AnalyticsReport.Day> days = new ArrayList<>(period.days());
        long messages = 0;
        long attachments = 0;
        long bytes = 0;
        for (LocalDate d = period.from(); !d.isAfter(period.to()); d = d.plusDays(1)) {
            long[] v = byDay.getOrDefault(d, new long[4]);
            days.add(new AnalyticsReport.Day(d, v[0], v[1], v[2], v[3]));
            messages += v[0];
            attachments += v[2];
            bytes += v[3];
        }
        long activeInPeriod = distinctUsers(tenantId, period.from(), period.to());
        long monthly = distinctUsers(tenantId, period.to().minusDays(MONTH_DAYS - 1), period.to());

        List<AnalyticsReport.BusyConversation> busiest = new ArrayList<>();
        List<Object[]> busy = em.createNativeQuery("select r.conversation_id, c.type, c.name, sum(r.messages) as n "
                        + "from analytics_conversation_day r join conversation c on c.id = r.conversation_id and c.tenant_id = r.tenant_id "
                        + "where r.tenant_id = ?1 and r.day between ?2 and ?3 "
                        + "group by r.conversation_id, c.type, c.name order by n desc, r.conversation_id limit " + BUSIEST)
                .setParameter(1, tenantId).setParameter(2, from).setParameter(3, to).getResultList();
        for (Object[] r : busy) {
            busiest.add(new AnalyticsReport.BusyConversation(uuid(r[0]), (String) r[1], (String) r[2], num(r[3])));
        }

        Object[] storage = (Object[]) em.createNativeQuery("select count(*), coalesce(sum(size_bytes), 0) from attachment "
                        + "where tenant_id = ?1 and status <> 'rejected'")
                .setParameter(1, tenantId).getSingleResult();
        Object counted = em.createNativeQuery("select updated_at from analytics_watermark where id = 1").getSingleResult();

        return new AnalyticsReport(tenantId, period.from(), period.to(), days,
                new AnalyticsReport.Totals(messages, activeInPeriod, attachments, bytes), monthly, busiest,
                hub.connectedSessions(tenantId), num(storage[1]), num(storage[0]), instant(counted));
    }

    private long distinctUsers(UUID tenantId, LocalDate from, LocalDate to) {
        Object n = em.createNativeQuery("select count(distinct user_id) from analytics_user_day where tenant_id = ?1 and day between ?2 and ?3")
                .setParameter(1, tenantId).setParameter(2, Date.valueOf(from)).setParameter(3, Date.valueOf(to)).getSingleResult();
        return num(n);
    }

    private static long num(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static LocalDate day(Object value) {
        if (value instanceof Date d) {
            return d.toLocalDate();
        }
        if (value instanceof LocalDate d) {
            return d;
        }
        return LocalDate.parse(value.toString());
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
        return value == null ? null : OffsetDateTime.parse(value.toString()).toInstant();
    }
}
