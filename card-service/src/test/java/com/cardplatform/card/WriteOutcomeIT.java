package com.cardplatform.card;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The packaged application losing its database connection at every point of every write. */
@QuarkusIntegrationTest
class WriteOutcomeIT extends WriteOutcomeTest {
}
