package com.chatplatform.api.platform;

import com.chatplatform.api.identity.Access;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * System health for the console. Who may call: platform admins. Answers 200 with each component's status even
 * when one is down (the answer is the report, not the state of this endpoint).
 */
@Path("platform/health")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Platform")
public class PlatformHealthResource {
    @Inject
    SystemHealth health;

    @GET
    @Access(roles = "platform-admin")
    public SystemHealth.Report get() {
        return health.check();
    }
}
