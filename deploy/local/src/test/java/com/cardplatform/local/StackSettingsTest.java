package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** LOCAL_REPLICAS and the replicas' ports; the services' JVM options. */
class StackSettingsTest {

    static StackSettings settings(Map<String, String> env) {
        return StackSettings.from(IngressRoutingTest.ROOT, env::get);
    }

    @Test
    void oneReplicaByDefaultOnTheServicesOwnPorts() {
        StackSettings s = settings(Map.of());
        assertEquals(1, s.replicas());
        assertEquals(8083, s.replicaPort("card-service", 1));
    }

    @Test
    void replicasListenOnTheirOwnPortRangesBehindTheServicePort() {
        StackSettings s = settings(Map.of("LOCAL_REPLICAS", "2"));
        assertEquals(8083, s.port("card-service"));
        assertEquals(8183, s.replicaPort("card-service", 1));
        assertEquals(8283, s.replicaPort("card-service", 2));
        assertEquals(9083, settings(Map.of("LOCAL_REPLICAS", "2", "LOCAL_REPLICA_PORT_STEP", "500"))
                .replicaPort("card-service", 2));
        assertThrows(IllegalArgumentException.class, () -> s.replicaPort("card-service", 3));
    }

    @Test
    void replicasOutsideOneToFourAreRefusedWithTheRange() {
        for (String value : new String[] {"0", "5", "-1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> settings(Map.of("LOCAL_REPLICAS", value)));
            assertTrue(e.getMessage().contains("LOCAL_REPLICAS must be between 1 and 4"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("LOCAL_REPLICAS", "two")));
        assertTrue(e.getMessage().contains("LOCAL_REPLICAS must be a number"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("LOCAL_REPLICAS", "2", "LOCAL_REPLICA_PORT_STEP", "3")));
    }

    @Test
    void authServiceKeepsTheFullJitForItsSignaturesTheOthersStartQuickOnC1() {
        StackSettings s = settings(Map.of());
        assertEquals(java.util.List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                s.jvmOptions("card-service"));
        assertEquals(java.util.List.of("-Xmx384m", "-XX:+UseSerialGC"), s.jvmOptions("auth-service"));
        assertEquals(java.util.List.of("-Xmx1g"),
                settings(Map.of("LOCAL_JAVA_OPTS", "-Xmx1g -XX:TieredStopAtLevel=1")).jvmOptions("auth-service"));
    }
}
