package com.chatplatform.api.search;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import com.chatplatform.api.platform.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Rebuilding the search index from PostgreSQL. Who may call: platform admins. */
@Path("platform/search/reindex")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(roles = "platform-admin")
@Tag(name = "Platform")
public class PlatformSearchResource {

    /** {@code tenantId}: rebuild only this tenant's documents; absent: rebuild the whole index into a new one. */
    public record StartReindex(String tenantId) {
    }

    @Inject
    ReindexService reindex;
    @Inject
    CallerContext caller;

    /** Starts a job (202); one at a time (409 search.reindex_running). */
    @POST
    public Response start(StartReindex body) {
        UUID tenantId = null;
        if (body != null && body.tenantId() != null && !body.tenantId().isBlank()) {
            try {
                tenantId = UUID.fromString(body.tenantId());
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("\"tenantId\" must be a tenant id.");
            }
        }
        return Response.status(Response.Status.ACCEPTED).entity(reindex.start(caller.get(), tenantId)).build();
    }

    /** Progress of a job: phase, processed of total, removed (tenant clean-up), the last error of a retried step. */
    @GET
    @Path("{jobId}")
    public ReindexService.Job get(@PathParam("jobId") UUID jobId) {
        return reindex.require(jobId);
    }
}
