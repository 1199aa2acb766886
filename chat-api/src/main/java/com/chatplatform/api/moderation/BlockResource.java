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

/** The calling end user's blocks. Who may call: end users (user token). */
@Path("blocks")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Moderation (end user)")
public class BlockResource {

    public record BlockUser(String userId) {
    }

    public record Blocks(List<BlockService.Block> items) {
    }

    public record Changed(boolean changed) {
    }

    @Inject
    BlockService blocks;
    @Inject
    CallerContext caller;

    /** The users the caller has blocked. */
    @GET
    public Blocks list() {
        return new Blocks(blocks.list(caller.get()));
    }

    /** Blocks a user of the tenant (idempotent: changed false when already blocked). */
    @POST
    public Changed block(BlockUser body) {
        if (body == null) {
            throw ApiException.invalid("A body with \"userId\" is required.");
        }
        return new Changed(blocks.block(caller.get(), body.userId()));
    }

    /** Lifts a block (idempotent: changed false when there was none). */
    @DELETE
    @Path("{userId}")
    public Changed unblock(@PathParam("userId") String userId) {
        return new Changed(blocks.unblock(caller.get(), userId));
    }
}
