package com.cardplatform.consumer;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application: its worker, its fault tolerance, its database rows. */
@QuarkusIntegrationTest
class CascadeResilienceIT extends CascadeResilienceTest {
}
