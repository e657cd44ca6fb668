package com.cardplatform.auth;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same interop tests against the packaged application, over its HTTPS port. */
@QuarkusIntegrationTest
class OAuthInteropIT extends OAuthInteropTest {
}
