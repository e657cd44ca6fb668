package com.cardplatform.auth;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class DatabaseOutageIT extends DatabaseOutageTest {
}
