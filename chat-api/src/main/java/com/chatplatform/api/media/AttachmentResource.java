package com.chatplatform.api.media;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Attachment download. Who may call: end users who are members of the attachment's conversation. Who may call: end users who are members of the conversation. */
@Path("attachments")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Attachments (end user)")
@SecurityRequirement(name = "bearer")
public class AttachmentResource {

    public record DownloadView(UUID id, String fileName, String contentType, long size, String url, Instant urlExpiresAt) {
    }

    @Inject
    AttachmentService attachments;
    @Inject
    CallerContext caller;

    @GET
    @Path("{id}")
    public DownloadView get(@PathParam("id") UUID id) {
        var d = attachments.download(caller.get(), id);
        var a = d.attachment();
        return new DownloadView(a.id(), a.fileName(), a.contentType(), a.size(), d.url().toString(), d.expiresAt());
    }

    /** Redirects to a short-lived signed S3 URL (so `curl -L` downloads the file). */
    @GET
    @Path("{id}/content")
    public Response content(@PathParam("id") UUID id) throws URISyntaxException {
        var d = attachments.download(caller.get(), id);
        return Response.seeOther(d.url().toURI()).build();
    }
}
