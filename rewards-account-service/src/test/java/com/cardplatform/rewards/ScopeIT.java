package com.cardplatform.rewards;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application. */
@QuarkusIntegrationTest
class ScopeIT extends ScopeTest {
}
