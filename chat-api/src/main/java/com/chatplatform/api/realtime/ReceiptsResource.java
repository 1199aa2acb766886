package com.chatplatform.api.realtime;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Each member's delivered and read position in one conversation. Who may call: end users who are members. */
@Path("conversations/{conversationId}/receipts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Conversations (end user)")
public class ReceiptsResource {
    @Inject
    ReceiptService receipts;
    @Inject
    CallerContext caller;

    @GET
    public ReceiptService.Receipts receipts(@PathParam("conversationId") UUID conversationId) {
        return receipts.receipts(caller.get(), conversationId);
    }
}
