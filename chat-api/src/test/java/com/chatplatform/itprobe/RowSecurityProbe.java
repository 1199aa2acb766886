package com.chatplatform.itprobe;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only resource, added to the WAR by RowSecurityIT alone: runs deliberately UNSCOPED native SQL (no
 * tenant filter at all) inside a caller's transaction, to show what PostgreSQL's row-level security lets
 * through. Never part of the product.
 */
@Path("it-probe/unscoped")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RowSecurityProbe {
    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    CallerContext caller;

    @GET
    @Access(user = true, apiKey = true, roles = "platform-admin")
    @Transactional
    public Map<String, Object> counts() {
        caller.get();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("role", em.createNativeQuery("select current_user").getSingleResult());
        out.put("messages", ((Number) em.createNativeQuery("select count(*) from message").getSingleResult()).longValue());
        out.put("tenantsInMessages", ((Number) em.createNativeQuery("select count(distinct tenant_id) from message").getSingleResult()).longValue());
        out.put("users", ((Number) em.createNativeQuery("select count(*) from chat_user").getSingleResult()).longValue());
        List<?> tenants = em.createNativeQuery("select distinct tenant_id::text from chat_user").getResultList();
        out.put("userTenants", tenants);
        return out;
    }

    /** An unscoped write: tries to rename every user of every tenant (RLS must limit it to the caller's tenant). */
    @GET
    @Path("touch")
    @Access(user = true)
    @Transactional
    public Map<String, Object> touchAll() {
        caller.get();
        int changed = em.createNativeQuery("update chat_user set display_name = display_name").executeUpdate();
        return Map.of("changed", changed);
    }
}
