package com.cardplatform.consumer;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application. */
@QuarkusIntegrationTest
class ConsumerProvisioningIT extends ConsumerProvisioningTest {
}
