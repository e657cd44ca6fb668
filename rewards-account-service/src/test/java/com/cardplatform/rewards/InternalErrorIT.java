package com.cardplatform.rewards;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same failures against the packaged application. */
@QuarkusIntegrationTest
class InternalErrorIT extends InternalErrorTest {
}
