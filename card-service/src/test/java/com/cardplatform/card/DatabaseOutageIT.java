package com.cardplatform.card;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same outage against the packaged application. */
@QuarkusIntegrationTest
class DatabaseOutageIT extends DatabaseOutageTest {
}
