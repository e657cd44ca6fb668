package com.cardplatform.auth;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class ResourceServerVerificationIT extends ResourceServerVerificationTest {
}
