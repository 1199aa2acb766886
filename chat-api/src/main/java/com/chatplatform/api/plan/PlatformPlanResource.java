package com.chatplatform.api.plan;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Plans: list, read, create, change. Who may call: platform admins. */
@Path("platform/plans")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Platform")
public class PlatformPlanResource {

    /** A plan; "limits" has every limit, unlimited ones as null. */
    public record PlanView(String id, String name, JsonObject limits, Instant updatedAt) {
        static PlanView of(Plan p) {
            return new PlanView(p.id(), p.name(), p.limits().toJson(), p.updatedAt().toInstant());
        }
    }

    public record PlanList(List<PlanView> items) {
    }

    @Inject
    PlanService plans;
    @Inject
    CallerContext caller;

    @GET
    @Access(roles = "platform-admin")
    public PlanList list() {
        return new PlanList(plans.list().stream().map(PlanView::of).toList());
    }

    @GET
    @Path("{id}")
    @Access(roles = "platform-admin")
    public PlanView get(@PathParam("id") String id) {
        return PlanView.of(plans.require(id));
    }

    /** {"id": "startup", "name": "Startup", "limits": {every limit; maxUsers, maxStorageBytes, allowedMediaTypes may be null}}. */
    @POST
    @Access(roles = "platform-admin")
    public Response create(JsonObject body) {
        return Response.status(Response.Status.CREATED).entity(PlanView.of(plans.create(caller.get(), body))).build();
    }

    /** {"name"?, "limits"?: {the limits to change}}: merge-patch semantics; applies to every tenant on the plan. */
    @PATCH
    @Path("{id}")
    @Access(roles = "platform-admin")
    public PlanView update(@PathParam("id") String id, JsonObject body) {
        return PlanView.of(plans.update(caller.get(), id, body));
    }
}
