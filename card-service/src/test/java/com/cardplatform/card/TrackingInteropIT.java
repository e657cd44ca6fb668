package com.cardplatform.card;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application. */
@QuarkusIntegrationTest
class TrackingInteropIT extends TrackingInteropTest {
}
