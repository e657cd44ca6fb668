package com.cardplatform.activation;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Order;

/** The same tests against the packaged application; last, like its parent. */
@QuarkusIntegrationTest
@Order(Integer.MAX_VALUE)
class DatabaseOutageIT extends DatabaseOutageTest {
}
