package com.cardplatform.notify;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application (jar here, native binary with -Dnative). */
@QuarkusIntegrationTest
class WebhookDeliveryIT extends WebhookDeliveryTest {
}
