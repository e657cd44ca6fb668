package com.cardplatform.consumer;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application: its worker, its give-up, its metric and its log file. */
@QuarkusIntegrationTest
class DeletionRecoveryIT extends DeletionRecoveryTest {
}
