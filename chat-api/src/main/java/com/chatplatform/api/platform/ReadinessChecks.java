package com.chatplatform.api.platform;

import com.chatplatform.api.media.MediaStorage;
import com.chatplatform.api.search.SearchGateway;
import com.chatplatform.api.search.SearchLag;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** /health/ready reports the database, search and storage separately; /health/live only says the JVM serves. */
@ApplicationScoped
public class ReadinessChecks {

    @Resource(lookup = "java:app/jdbc/chat")
    DataSource dataSource;
    @Inject
    SearchGateway search;
    @Inject
    MediaStorage storage;
    @Inject
    SearchLag searchLag;

    @Produces
    @Readiness
    HealthCheck database() {
        return () -> {
            try (Connection c = dataSource.getConnection()) {
                return HealthCheckResponse.named("database").status(c.isValid(2)).build();
            } catch (SQLException e) {
                return HealthCheckResponse.named("database").down().withData("error", e.getMessage()).build();
            }
        };
    }

    @Produces
    @Readiness
    HealthCheck searchCheck() {
        return () -> {
            SearchLag.Lag lag = searchLag.current();
            return HealthCheckResponse.named("search").status(search.isHealthy())
                    .withData("outboxPending", lag.pending())
                    .withData("indexLagSeconds", Math.round(lag.oldestAgeSeconds())).build();
        };
    }

    @Produces
    @Readiness
    HealthCheck storageCheck() {
        return () -> HealthCheckResponse.named("storage").status(storage.isHealthy()).build();
    }

    @Produces
    @Liveness
    HealthCheck live() {
        return () -> HealthCheckResponse.up("api");
    }
}
