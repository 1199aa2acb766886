package com.chatplatform.api.realtime;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The calling member's delivered position (the REST twin of the {@code delivered} frame). Rooted at its full path
 * so that it never shadows ConversationResource's {@code conversations/{id}/...} methods. Who may call: end users
 * who are members.
 */
@Path("conversations/{conversationId}/delivered")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Conversations (end user)")
public class DeliveredResource {

    public record MarkDelivered(Long seq) {
    }

    @Inject
    ReceiptService receipts;
    @Inject
    CallerContext caller;

    /** {"seq": N}: moves the delivered position forward (never past lastSeq: delivered.beyond_end). */
    @POST
    public ReceiptService.DeliveredChange delivered(@PathParam("conversationId") UUID conversationId, MarkDelivered body) {
        return receipts.markDelivered(caller.get(), conversationId, body == null ? null : body.seq());
    }
}
