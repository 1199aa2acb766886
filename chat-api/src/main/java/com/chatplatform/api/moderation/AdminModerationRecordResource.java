package com.chatplatform.api.moderation;

import com.chatplatform.api.event.Change;
import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import com.chatplatform.api.platform.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The tenant's moderation records (bans, unbans, hard deletions: who, when, why, about whom). Who may call: tenant
 * backends (API key), tenant admins, moderators and compliance officers.
 */
@Path("admin/moderation/records")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Access(apiKey = true, roles = {"tenant-admin", "moderator", "compliance-officer"})
@Tag(name = "Moderation (tenant administration)")
public class AdminModerationRecordResource {

    public record Records(List<ModerationService.RecordView> items) {
    }

    @Inject
    ModerationService moderation;
    @Inject
    CallerContext caller;

    /** Newest first; userId: records about that user; conversationId: in that conversation; limit 1-200 (50). */
    @GET
    public Records list(@QueryParam("userId") String userId, @QueryParam("conversationId") UUID conversationId,
                        @QueryParam("limit") @DefaultValue("50") int limit) {
        return new Records(moderation.records(caller.get(), userId, conversationId, limit));
    }
}
