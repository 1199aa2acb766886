package com.chatplatform.api.media;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import com.chatplatform.api.platform.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
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
                               Long durationMs, String scanStatus, String url, Instant urlExpiresAt, Map<Integer, String> thumbnails) {
    }

    @Inject
    AttachmentService attachments;
    @Inject
    CallerContext caller;

    /** The attachment with a signed download URL (and thumbnails); ?expiresInSeconds= asks for a shorter or longer lifetime, within bounds. */
    @GET
    @Path("{id}")
    public DownloadView get(@PathParam("id") UUID id, @QueryParam("expiresInSeconds") Long expiresInSeconds) {
        var d = attachments.download(caller.get(), id, expiresInSeconds);
        var a = d.attachment();
        Map<Integer, String> thumbnails = new TreeMap<>();
        d.thumbnails().forEach((size, url) -> thumbnails.put(size, url.toString()));
        return new DownloadView(a.id(), a.fileName(), a.contentType(), a.size(), a.width(), a.height(), a.durationMs(), a.scanStatus(), d.url().toString(),
                d.expiresAt(), thumbnails);
    }

    /**
     * Verifies a direct upload (see POST /conversations/{id}/uploads); completing twice answers the same. A multipart
     * upload is completed with {"parts": [{"partNumber": 1, "etag": "..."}, ...]}; any other body is ignored.
     */
    @POST
    @Path("{id}/complete")
    @Consumes(MediaType.WILDCARD)
    public AttachmentView complete(@PathParam("id") UUID id, String body) {
        var completion = attachments.complete(caller.get(), id, parts(body));
        if (completion.refusal() != null) {
            throw new ApiException(completion.refusal(), completion.detail() == null ? completion.refusal().title() : completion.detail());
        }
        return completion.attachment();
    }

    /** Decodes the optional part list; a body that is not the documented shape is media.multipart_invalid. */
    private static List<AttachmentService.UploadedPart> parts(String body) {
        if (body == null || body.isBlank()) {
            return List.of();
        }
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonValue root = reader.readValue();
            if (!(root instanceof JsonObject object) || !object.containsKey("parts") || object.isNull("parts")) {
                return List.of();
            }
            if (!(object.get("parts") instanceof JsonArray array)) {
                throw new ApiException(ErrorCode.MEDIA_MULTIPART_INVALID, "\"parts\" is a list of {partNumber, etag}.");
            }
            List<AttachmentService.UploadedPart> parts = new ArrayList<>();
            for (JsonValue v : array) {
                if (!(v instanceof JsonObject p) || !(p.get("partNumber") instanceof JsonNumber n) || !n.isIntegral()
                        || !(p.get("etag") instanceof JsonString etag)) {
                    throw new ApiException(ErrorCode.MEDIA_MULTIPART_INVALID, "Each part is {\"partNumber\": n, \"etag\": \"...\"}.");
                }
                parts.add(new AttachmentService.UploadedPart(n.longValue() > Integer.MAX_VALUE ? -1 : n.intValue(), etag.getString()));
            }
            return parts;
        } catch (JsonException | IllegalStateException notJson) {
            throw ApiException.invalid("The body is not JSON.");
        }
    }

    /** Redirects to a short-lived signed S3 URL (so `curl -L` downloads the file). */
    @GET
    @Path("{id}/content")
    public Response content(@PathParam("id") UUID id, @QueryParam("expiresInSeconds") Long expiresInSeconds) throws URISyntaxException {
        var d = attachments.download(caller.get(), id, expiresInSeconds);
        return Response.seeOther(d.url().toURI()).build();
    }
}
