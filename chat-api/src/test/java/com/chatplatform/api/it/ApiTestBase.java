package com.chatplatform.api.it;

import java.io.File;
import java.net.URL;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every API integration test shares: the real services (ChatServices, started before Arquillian
 * starts Payara Micro), the black-box deployment of the built WAR at /api, a client and the tenant fixtures.
 */
@ExtendWith({ChatServices.class, ArquillianExtension.class})
@RunAsClient
abstract class ApiTestBase {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(ZipImporter.class, "api.war")
                .importFrom(new File(System.getProperty("chat.it.war"))).as(WebArchive.class);
    }

    @ArquillianResource
    URL url;

    TestApi api;
    TenantFixtures fixtures;

    @BeforeEach
    void client() {
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
