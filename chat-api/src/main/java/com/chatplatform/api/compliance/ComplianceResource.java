package com.chatplatform.api.compliance;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import com.chatplatform.api.platform.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Data-subject requests and data governance: exports (GDPR art. 15/20), erasure (art. 17), retention policies and
 * runs, legal holds, settings and the compliance event feed. Who may call: tenant API keys, and console accounts with
 * the roles compliance-officer or tenant-admin, always inside their own tenant.
 */
@Path("compliance")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(apiKey = true, roles = {"compliance-officer", "tenant-admin"})
@Tag(name = "Compliance")
public class ComplianceResource {

    public record ExportRequest(List<String> userIds, String scope) {
    }

    public record ErasureRequest(String userId) {
    }

    public record PolicyRequest(Integer maxAgeDays) {
    }

    public record HoldRequest(String targetType, String targetId, String reason) {
    }

    public record SettingsRequest(String erasurePolicy, Long exportTtlSeconds) {
    }

    @Inject
    ComplianceService compliance;
    @Inject
    LegalHolds holds;
    @Inject
    ComplianceSettings settings;
    @Inject
    CallerContext caller;

    @POST
    @Path("exports")
    public Response export(ExportRequest body) {
        if (body == null) {
            throw ApiException.invalid("Send {\"userIds\": [...]} or {\"scope\": \"tenant\"}.");
        }
        return Response.status(Response.Status.ACCEPTED).entity(compliance.requestExport(caller.get(), body.userIds(), body.scope())).build();
    }

    @GET
    @Path("exports")
    public List<ComplianceService.JobView> exports() {
        return compliance.list(caller.get(), ComplianceJob.EXPORT);
    }

    @GET
    @Path("exports/{id}")
    public ComplianceService.JobView exportJob(@PathParam("id") String id) {
        return compliance.get(caller.get(), ComplianceJob.EXPORT, id);
    }

    @POST
    @Path("exports/{id}/cancel")
    public ComplianceService.JobView cancel(@PathParam("id") String id) {
        return compliance.cancelExport(caller.get(), id);
    }

    /** A presigned GET URL of the ZIP, valid a few minutes, for the requesting credential only. */
    @POST
    @Path("exports/{id}/download")
    public ComplianceService.Download download(@PathParam("id") String id) {
        return compliance.download(caller.get(), id);
    }

    @POST
    @Path("erasures")
    public Response erase(ErasureRequest body) {
        if (body == null || body.userId() == null || body.userId().isBlank()) {
            throw ApiException.invalid("\"userId\" is required.");
        }
        ComplianceService.Created created = compliance.requestErasure(caller.get(), body.userId());
        return Response.status(created.created() ? Response.Status.ACCEPTED : Response.Status.OK).entity(created.job()).build();
    }

    @GET
    @Path("erasures")
    public List<ComplianceService.JobView> erasures() {
        return compliance.list(caller.get(), ComplianceJob.ERASURE);
    }

    @GET
    @Path("erasures/{id}")
    public ComplianceService.JobView erasure(@PathParam("id") String id) {
        return compliance.get(caller.get(), ComplianceJob.ERASURE, id);
    }

    @GET
    @Path("retention")
    public List<ComplianceService.Policy> policies() {
        return compliance.policies(caller.get());
    }

    /** The tenant's policy: {"maxAgeDays": N}, or null to remove it. */
    @PUT
    @Path("retention")
    public List<ComplianceService.Policy> tenantPolicy(PolicyRequest body) {
        return compliance.setPolicy(caller.get(), null, body == null ? null : body.maxAgeDays());
    }

    /** A conversation's policy (wins over the tenant's): {"maxAgeDays": N}, or null to remove it. */
    @PUT
    @Path("retention/conversations/{conversationId}")
    public List<ComplianceService.Policy> conversationPolicy(@PathParam("conversationId") String conversationId, PolicyRequest body) {
        return compliance.setPolicy(caller.get(), conversationId, body == null ? null : body.maxAgeDays());
    }

    @POST
    @Path("retention/runs")
    public Response runRetention() {
        return Response.status(Response.Status.ACCEPTED).entity(compliance.runRetention(caller.get())).build();
    }

    @GET
    @Path("retention/runs")
    public List<ComplianceService.JobView> retentionRuns() {
        return compliance.list(caller.get(), ComplianceJob.RETENTION);
    }

    @GET
    @Path("retention/runs/{id}")
    public ComplianceService.JobView retentionRun(@PathParam("id") String id) {
        return compliance.get(caller.get(), ComplianceJob.RETENTION, id);
    }

    @POST
    @Path("holds")
    public Response placeHold(HoldRequest body) {
        if (body == null) {
            throw ApiException.invalid("Send {\"targetType\": \"user\"|\"conversation\", \"targetId\": ..., \"reason\": ...}.");
        }
        return Response.status(Response.Status.CREATED).entity(holds.place(caller.get(), body.targetType(), body.targetId(), body.reason())).build();
    }

    @GET
    @Path("holds")
    public List<LegalHolds.Hold> holds(@QueryParam("active") Boolean active) {
        return holds.list(caller.get(), active == null || active);
    }

    @DELETE
    @Path("holds/{id}")
    public LegalHolds.Hold liftHold(@PathParam("id") String id) {
        java.util.UUID holdId;
        try {
            holdId = java.util.UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Legal hold");
        }
        return holds.lift(caller.get(), holdId);
    }

    @GET
    @Path("settings")
    public com.chatplatform.api.plan.TenantSettings.Compliance settings() {
        return settings.get(caller.get().requireTenant());
    }

    @PUT
    @Path("settings")
    public com.chatplatform.api.plan.TenantSettings.Compliance updateSettings(SettingsRequest body) {
        if (body == null) {
            throw ApiException.invalid("Send {\"erasurePolicy\": \"anonymise\"|\"delete\", \"exportTtlSeconds\": N}.");
        }
        return settings.update(caller.get(), body.erasurePolicy(), body.exportTtlSeconds());
    }

    /** Events for the tenant's own systems (e.g. user.erased), oldest first after an id. */
    @GET
    @Path("events")
    public ComplianceService.EventPage events(@QueryParam("after") String after, @QueryParam("limit") String limit) {
        return compliance.events(caller.get(), after, limit);
    }
}
