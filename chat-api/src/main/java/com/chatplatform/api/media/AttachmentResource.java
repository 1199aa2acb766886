package com.chatplatform.api.media;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import com.chatplatform.api.platform.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Attachment download. Who may call: end users who are members of the attachment's conversation. Who may call: end users who are members of the conversation. */
@Path("attachments")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Attachments (end user)")
public class AttachmentResource {

    public record DownloadView(UUID id, String fileName, String contentType, long size, Integer width, Integer height,
                               String url, Instant urlExpiresAt, Map<Integer, String> thumbnails) {
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
        Map<Integer, String> thumbnails = new TreeMap<>();
        d.thumbnails().forEach((size, url) -> thumbnails.put(size, url.toString()));
        return new DownloadView(a.id(), a.fileName(), a.contentType(), a.size(), a.width(), a.height(), d.url().toString(),
                d.expiresAt(), thumbnails);
    }

    /** Verifies a direct upload (see POST /conversations/{id}/uploads); completing twice answers the same. */
    @POST
    @Path("{id}/complete")
    public AttachmentView complete(@PathParam("id") UUID id) {
        var completion = attachments.complete(caller.get(), id);
        if (completion.refusal() != null) {
            throw new ApiException(completion.refusal(), completion.detail() == null ? completion.refusal().title() : completion.detail());
        }
        return completion.attachment();
    }

    /** Redirects to a short-lived signed S3 URL (so `curl -L` downloads the file). */
    @GET
    @Path("{id}/content")
    public Response content(@PathParam("id") UUID id) throws URISyntaxException {
        var d = attachments.download(caller.get(), id);
        return Response.seeOther(d.url().toURI()).build();
    }
}
