package com.chatplatform.api.search;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import com.chatplatform.search.message.SearchResults;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Full-text search over the caller's conversations. Who may call: end users (user token). */
@Path("search")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Search (end user)")
public class SearchResource {

    public record Hit(String messageId, String conversationId, long seq, String senderId, Instant createdAt, String text,
                      List<String> highlights, double score) {
    }

    /** One page of hits: enough to open each message (conversation id, message id, seq). */
    public record Results(List<Hit> items, String nextCursor) {
        static Results of(SearchResults results) {
            return new Results(results.hits().stream().map(h -> new Hit(h.messageId(), h.conversationId(), h.seq(), h.senderId(),
                    h.createdAt(), h.text(), h.highlights(), h.score())).toList(), results.nextCursor());
        }
    }

    @Inject
    SearchService search;
    @Inject
    CallerContext caller;

    private static final Set<String> PARAMETERS = Set.of("q", "conversationId", "senderId", "from", "to", "hasAttachment",
            "attachmentType", "mentionsMe", "limit", "sort", "cursor");

    @Context
    UriInfo uri;

    /**
     * q: words, "quoted phrases", the last word matches as a prefix. Filters: conversationId, senderId,
     * from/to (ISO-8601 instants, to exclusive), hasAttachment, attachmentType (image/png or image/),
     * mentionsMe. sort: relevance (default), newest, oldest. limit 1-100 (20). cursor: nextCursor of the
     * previous page. Unknown parameters are refused rather than silently ignored.
     */
    @GET
    public Results search(@QueryParam("q") String q, @QueryParam("conversationId") String conversationId,
                          @QueryParam("senderId") String senderId, @QueryParam("from") String from, @QueryParam("to") String to,
                          @QueryParam("hasAttachment") Boolean hasAttachment, @QueryParam("attachmentType") String attachmentType,
                          @QueryParam("mentionsMe") @DefaultValue("false") boolean mentionsMe,
                          @QueryParam("limit") Integer limit, @QueryParam("sort") String sort, @QueryParam("cursor") String cursor) {
        for (String name : uri.getQueryParameters().keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new ApiException(ErrorCode.SEARCH_INVALID_QUERY, "Unknown parameter \"" + name + "\"; accepted: "
                        + String.join(", ", new java.util.TreeSet<>(PARAMETERS)) + ".");
            }
        }
        SearchResults results = search.search(caller.get(), q, new SearchService.Filters(conversationId, senderId, from, to,
                hasAttachment, attachmentType, mentionsMe), limit, sort, cursor);
        return Results.of(results);
    }
}
