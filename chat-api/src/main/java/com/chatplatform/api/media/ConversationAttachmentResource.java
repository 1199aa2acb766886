package com.chatplatform.api.media;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Attachment upload into a conversation. Who may call: end users who are members of the conversation. */
@Path("conversations/{conversationId}/attachments")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Attachments (end user)")
public class ConversationAttachmentResource {

    @Inject
    AttachmentService attachments;
    @Inject
    CallerContext caller;

    public record InitiateUpload(String fileName, String contentType, Long size, String sha256, Long expiresInSeconds) {
    }

    /**
     * POST /conversations/{id}/attachments/uploads announces a file to upload straight to S3: answers a
     * presigned PUT URL (valid 15 minutes unless expiresInSeconds asks otherwise, within bounds) and the
     * headers to send with it; a file at or above the multipart threshold (16 MiB by default) gets instead
     * "multipart": an upload id, the part size and one presigned PUT URL per part. Then POST /attachments/{id}/complete
     * (with the parts' ETags for a multipart upload).
     */
    @POST
    @Path("uploads")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response initiate(@PathParam("conversationId") UUID conversationId, InitiateUpload body) {
        if (body == null) {
            throw ApiException.invalid("A body with fileName, contentType and size is required.");
        }
        var ticket = attachments.initiate(caller.get(), conversationId, body.fileName(), body.contentType(), body.size(), body.sha256(),
                body.expiresInSeconds());
        return Response.status(Response.Status.CREATED).entity(ticket).build();
    }

    /** The raw file is the request body; its name comes from ?fileName= and its type is sniffed from the bytes. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response upload(@PathParam("conversationId") UUID conversationId, @QueryParam("fileName") String fileName,
                           @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) throws IOException {
        long maxBytes = attachments.maxBytes(caller.get());
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
            throw AttachmentService.tooLarge(maxBytes);
        }
        AttachmentView view = attachments.upload(caller.get(), conversationId, fileName, contentType, bytes);
        return Response.status(Response.Status.CREATED).entity(view).build();
    }

}
