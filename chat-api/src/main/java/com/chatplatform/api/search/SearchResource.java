package com.chatplatform.api.search;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import com.chatplatform.search.message.SearchResults;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Full-text search over the caller's conversations. Who may call: end users (user token). */
@Path("search")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Search (end user)")
@SecurityRequirement(name = "bearer")
public class SearchResource {

    public record Hit(String messageId, String conversationId, long seq, String senderId, Instant createdAt, String text,
                      List<String> highlights, double score) {
    }

    public record Results(List<Hit> items, String nextCursor) {
    }

    @Inject
    SearchService search;
    @Inject
    CallerContext caller;

    @GET
    public Results search(@QueryParam("q") String q, @QueryParam("conversationId") String conversationId,
                          @QueryParam("senderId") String senderId, @QueryParam("limit") Integer limit,
                          @QueryParam("sort") String sort, @QueryParam("cursor") String cursor) {
        SearchResults results = search.search(caller.get(), q, conversationId, senderId, limit, sort, cursor);
        return new Results(results.hits().stream().map(h -> new Hit(h.messageId(), h.conversationId(), h.seq(), h.senderId(),
                h.createdAt(), h.text(), h.highlights(), h.score())).toList(), results.nextCursor());
    }
}
