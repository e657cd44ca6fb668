package com.cardplatform.consumer;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The packaged application through a database outage. */
@QuarkusIntegrationTest
class DatabaseOutageIT extends DatabaseOutageTest {
}
