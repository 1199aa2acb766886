package com.chatplatform.api.it;

import java.net.URL;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every black-box API integration test shares: the real services and one Payara Micro serving the built WAR
 * at /api (both from ChatServices, started once per test JVM), a client and the tenant fixtures. Tests that need
 * their own deployment (RowSecurityIT adds a probe class to the WAR) use Arquillian instead.
 */
@ExtendWith(ChatServices.class)
abstract class ApiTestBase {

    URL url;

    TestApi api;
    TenantFixtures fixtures;

    @BeforeEach
    void client() throws java.io.IOException {
        url = ChatServices.api();
        api = new TestApi(url);
        fixtures = new TenantFixtures(api);
    }

    /** Polls until the probe returns non-null (for what happens asynchronously), for at most 60 s. */
    static <T> T eventually(Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        AssertionError last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (AssertionError e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw last != null ? last : new AssertionError("Condition not met within 60 s");
    }
}
