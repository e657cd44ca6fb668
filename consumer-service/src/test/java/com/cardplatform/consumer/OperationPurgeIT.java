package com.cardplatform.consumer;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The scheduled purge of the packaged application. */
@QuarkusIntegrationTest
class OperationPurgeIT extends OperationPurgeTest {
}
