package com.cardplatform.notify;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The packaged application losing its database connection after an endpoint's creation or rotation committed. */
@QuarkusIntegrationTest
class EndpointWriteOutcomeIT extends EndpointWriteOutcomeTest {
}
