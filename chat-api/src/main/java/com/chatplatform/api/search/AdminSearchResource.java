package com.chatplatform.api.search;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import com.chatplatform.search.message.SearchResults;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Tenant-wide message search for moderation and compliance. Who may call: tenant admins, moderators and compliance
 * officers (console accounts of the tenant) and tenant backends (API key). Every call is audited.
 */
@Path("admin/search")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Access(apiKey = true, roles = {"tenant-admin", "moderator", "compliance-officer"})
@Tag(name = "Search (tenant administration)")
public class AdminSearchResource {

    private static final Set<String> PARAMETERS = Set.of("q", "conversationId", "senderId", "memberId", "mentions", "from", "to",
            "hasAttachment", "attachmentType", "limit", "sort", "cursor");

    @Inject
    SearchService search;
    @Inject
    CallerContext caller;
    @Context
    UriInfo uri;

    /**
     * q as for GET /search. Filters: conversationId, senderId (messages of a user), memberId (only conversations that
     * user is a member of now), mentions (messages mentioning a user), from/to, hasAttachment, attachmentType. Without
     * memberId every conversation of the tenant is searched. sort, limit, cursor as for GET /search.
     */
    @GET
    public SearchResource.Results search(@QueryParam("q") String q, @QueryParam("conversationId") String conversationId,
                                         @QueryParam("senderId") String senderId, @QueryParam("memberId") String memberId,
                                         @QueryParam("mentions") String mentions, @QueryParam("from") String from,
                                         @QueryParam("to") String to, @QueryParam("hasAttachment") Boolean hasAttachment,
                                         @QueryParam("attachmentType") String attachmentType, @QueryParam("limit") Integer limit,
                                         @QueryParam("sort") String sort, @QueryParam("cursor") String cursor) {
        for (String name : uri.getQueryParameters().keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new ApiException(ErrorCode.SEARCH_INVALID_QUERY, "Unknown parameter \"" + name + "\"; accepted: "
                        + String.join(", ", new TreeSet<>(PARAMETERS)) + ".");
            }
        }
        SearchResults results = search.searchTenant(caller.get(), q, new SearchService.AdminFilters(conversationId, senderId,
                memberId, mentions, from, to, hasAttachment, attachmentType), limit, sort, cursor);
        return SearchResource.Results.of(results);
    }
}
