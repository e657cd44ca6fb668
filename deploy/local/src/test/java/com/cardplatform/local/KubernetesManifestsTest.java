package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.schema.validator.ValidationMessage;
import io.fabric8.kubernetes.schema.validator.ValidationReport;
import io.fabric8.kubernetes.schema.validator.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests, offline. {@code deploy/k8s/rendered/<overlay>.yaml} is what {@code kubectl apply -k
 * deploy/k8s/overlays/<overlay>} sends; every object in it is validated against the Kubernetes OpenAPI schemas
 * (fabric8's kubernetes-model-validator: unknown fields and wrong types fail) and against the platform's rules
 * (probes, resources, restricted security context, one ServiceAccount/Service/PDB/HPA per Deployment with
 * matching selectors, Ingress backends, NetworkPolicies, no Secret values). Where kubectl exists the overlays
 * are rendered again and must equal the committed files, so a manifest change without deploy/k8s/render.sh fails.
 */
class KubernetesManifestsTest {

    static final Path K8S = IngressRoutingTest.ROOT.resolve("deploy/k8s");
    static final List<String> OVERLAYS = List.of("dev", "prod");
    static final Set<String> SERVICES = StackSettings.DEFAULT_PORTS.keySet();
    /** The secrets the README tells each environment to create; nothing else may be referenced. */
    static final Set<String> DOCUMENTED_SECRETS = Set.of("platform-db-credentials", "auth-signing-key", "auth-secrets",
            "auth-bootstrap-clients", "consumer-secrets", "card-secrets", "card-tracking-keys", "activation-secrets",
            "platform-tls", "rewards-secrets", "notification-secrets");
    /**
     * fabric8's generated schema types IntOrString fields as strings only, so an integer there (valid for
     * Kubernetes) is reported as an error: ignored for exactly those fields, and nothing else.
     */
    static final java.util.regex.Pattern INT_OR_STRING = java.util.regex.Pattern.compile(
            "\\[Path '[^']*/(maxSurge|maxUnavailable|minAvailable|targetPort|port)'\\] Instance type \\(integer\\) "
                    + "does not match any allowed primitive type \\(allowed: \\[\"string\"\\]\\)");
    static final YAMLMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();
    static Validator validator;

    @BeforeAll
    static void loadSchemas() {
        validator = Validator.newInstance();
    }

    static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    static List<JsonNode> rendered(String overlay) throws IOException {
        return read(K8S.resolve("rendered/" + overlay + ".yaml"));
    }

    static String id(JsonNode o) {
        return o.path("kind").asText() + "/" + o.path("metadata").path("name").asText();
    }

    static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static JsonNode named(List<JsonNode> objects, String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())
                        && name.equals(o.path("metadata").path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }

    /** A label selector (matchLabels and matchExpressions with the operator In) against a pod's labels. */
    static boolean selectsPod(JsonNode selector, JsonNode labels) {
        JsonNode expressions = selector.path("matchExpressions");
        if (!selector.path("matchLabels").isEmpty() && !selects(selector.path("matchLabels"), labels)) {
            return false;
        }
        if (expressions.isEmpty()) {
            return !selector.path("matchLabels").isEmpty();
        }
        for (JsonNode e : expressions) {
            assertEquals("In", e.path("operator").asText(), "only In is understood here: " + e);
            String value = labels.path(e.path("key").asText()).asText(null);
            boolean in = false;
            for (JsonNode v : e.path("values")) {
                in |= v.asText().equals(value);
            }
            if (!in) {
                return false;
            }
        }
        return true;
    }

    static boolean selects(JsonNode matchLabels, JsonNode labels) {
        if (matchLabels == null || matchLabels.isMissingNode() || matchLabels.isEmpty()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = matchLabels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void renderedOverlayIsWhatKustomizeRendersToday(String overlay) throws Exception {
        Path kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(p -> Path.of(p, "kubectl")).filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(kubectl != null, "kubectl is not installed: the committed rendering is validated as is");
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", K8S.resolve("overlays/" + overlay).toString())
                .redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        Assumptions.assumeTrue(process.exitValue() == 0 || !err.contains("unknown command"),
                "this kubectl has no kustomize: " + err);
        assertEquals(0, process.exitValue(), "kubectl kustomize overlays/" + overlay + " failed: " + err);
        Path fresh = Files.createTempFile("rendered-" + overlay, ".yaml");
        Files.write(fresh, out);
        Map<String, JsonNode> now = byId(read(fresh));
        Map<String, JsonNode> committed = byId(rendered(overlay));
        assertEquals(now.keySet(), committed.keySet(), "objects differ: run deploy/k8s/render.sh");
        for (String key : now.keySet()) {
            assertEquals(now.get(key), committed.get(key), key + " differs from the rendering: run deploy/k8s/render.sh");
        }
    }

    static Map<String, JsonNode> byId(List<JsonNode> objects) {
        Map<String, JsonNode> map = new TreeMap<>();
        objects.forEach(o -> map.put(id(o), o));
        return map;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectIsValidAgainstTheKubernetesSchemas(String overlay) throws Exception {
        List<String> errors = new ArrayList<>();
        for (JsonNode object : rendered(overlay)) {
            if ("postgresql.cnpg.io/v1".equals(object.path("apiVersion").asText())) {
                continue; // a CRD, not in the Kubernetes schemas: checked by devClusterIsACloudNativePgCluster
            }
            schemaErrors(object).forEach(e -> errors.add(id(object) + ": " + e));
        }
        assertTrue(errors.isEmpty(), String.join("\n", errors));
    }

    static List<String> schemaErrors(JsonNode object) {
        ValidationReport report = validator.validate(object);
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationMessage.Level.ERROR)
                .map(ValidationMessage::getMessage)
                .filter(m -> !INT_OR_STRING.matcher(m).matches())
                .toList();
    }

    @Test
    void theSchemaValidationIsNotVacuous() throws Exception {
        JsonNode deployment = named(rendered("prod"), "Deployment", "auth-service").deepCopy();
        ((ObjectNode) deployment.path("spec")).put("replicaz", 3);
        assertFalse(schemaErrors(deployment).isEmpty(), "an unknown field is an error");
        JsonNode wrongType = named(rendered("prod"), "Deployment", "auth-service").deepCopy();
        ((ObjectNode) wrongType.path("spec")).put("revisionHistoryLimit", "five");
        assertFalse(schemaErrors(wrongType).isEmpty(), "a wrong type is an error");
        JsonNode missing = named(rendered("prod"), "Deployment", "auth-service").deepCopy();
        ((ObjectNode) missing.path("spec").path("template").path("spec").path("containers").get(0)).remove("name");
        assertFalse(schemaErrors(missing).isEmpty(), "a missing required field is an error");
        assertEquals(List.of(), schemaErrors(named(rendered("prod"), "Deployment", "auth-service")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceHasItsDeploymentServiceAccountServicePdbAndHpa(String overlay) throws Exception {
        List<JsonNode> objects = rendered(overlay);
        Set<String> deployments = ofKind(objects, "Deployment").stream()
                .map(o -> o.path("metadata").path("name").asText()).collect(Collectors.toSet());
        assertEquals(SERVICES, deployments);
        for (String service : SERVICES) {
            JsonNode d = named(objects, "Deployment", service);
            JsonNode podLabels = d.path("spec").path("template").path("metadata").path("labels");
            assertTrue(selects(d.path("spec").path("selector").path("matchLabels"), podLabels), service + " selector");
            assertEquals(service, podLabels.path("app.kubernetes.io/name").asText());
            assertFalse(d.path("spec").has("replicas"), service + ": the HPA owns the replica count");

            JsonNode sa = named(objects, "ServiceAccount", service);
            assertFalse(sa.path("automountServiceAccountToken").asBoolean(true), service + " service account token");
            assertEquals(service, d.path("spec").path("template").path("spec").path("serviceAccountName").asText());

            JsonNode svc = named(objects, "Service", service);
            assertTrue(selects(svc.path("spec").path("selector"), podLabels), service + " Service selects its pods");
            assertEquals(StackSettings.DEFAULT_PORTS.get(service).intValue(), svc.path("spec").path("ports").get(0).path("port").asInt());
            assertEquals("http", svc.path("spec").path("ports").get(0).path("targetPort").asText());

            JsonNode pdb = named(objects, "PodDisruptionBudget", service);
            assertTrue(selects(pdb.path("spec").path("selector").path("matchLabels"), podLabels), service + " PDB");

            JsonNode hpa = named(objects, "HorizontalPodAutoscaler", service);
            assertEquals("Deployment", hpa.path("spec").path("scaleTargetRef").path("kind").asText());
            assertEquals(service, hpa.path("spec").path("scaleTargetRef").path("name").asText());
            int min = hpa.path("spec").path("minReplicas").asInt();
            int max = hpa.path("spec").path("maxReplicas").asInt();
            assertTrue(min >= 1 && max > min, service + " HPA " + min + ".." + max);
            if ("prod".equals(overlay)) {
                assertTrue(min >= 2, "prod keeps a replica serving during a disruption");
            }
        }
        // No Service selects the pods of two Deployments, and every selector-based Service selects one
        for (JsonNode svc : ofKind(objects, "Service")) {
            if ("ExternalName".equals(svc.path("spec").path("type").asText())) {
                continue;
            }
            long matched = ofKind(objects, "Deployment").stream().filter(d -> selects(svc.path("spec").path("selector"),
                    d.path("spec").path("template").path("metadata").path("labels"))).count();
            assertEquals(1, matched, id(svc) + " must select exactly one Deployment");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void podsRunRestrictedWithProbesResourcesAndARealImage(String overlay) throws Exception {
        for (JsonNode d : ofKind(rendered(overlay), "Deployment")) {
            String name = d.path("metadata").path("name").asText();
            JsonNode pod = d.path("spec").path("template").path("spec");
            assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), name);
            assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), name);
            assertEquals("RuntimeDefault", pod.path("securityContext").path("seccompProfile").path("type").asText(), name);
            assertEquals(1, pod.path("containers").size(), name);
            JsonNode c = pod.path("containers").get(0);
            JsonNode sc = c.path("securityContext");
            assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), name);
            assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), name);
            assertTrue(sc.path("runAsNonRoot").asBoolean(), name);
            assertEquals("[\"ALL\"]", sc.path("capabilities").path("drop").toString(), name);
            assertEquals("/q/health/started", c.path("startupProbe").path("httpGet").path("path").asText(), name);
            assertEquals("/q/health/ready", c.path("readinessProbe").path("httpGet").path("path").asText(), name);
            assertEquals("/q/health/live", c.path("livenessProbe").path("httpGet").path("path").asText(), name);
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                assertEquals("http", c.path(probe).path("httpGet").path("port").asText(), name + " " + probe);
            }
            assertEquals(8080, c.path("ports").get(0).path("containerPort").asInt());
            assertEquals("http", c.path("ports").get(0).path("name").asText());
            for (String kind : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    assertNotNull(c.path("resources").path(kind).get(resource), name + " " + kind + "." + resource);
                }
            }
            String image = c.path("image").asText();
            assertTrue(image.matches("[a-z0-9.-]+/card-platform/" + name + ":[\\w.-]+"), name + " image " + image);
            // the only writable path is an emptyDir on /tmp
            assertTrue(c.path("volumeMounts").findValuesAsText("mountPath").contains("/tmp"), name);
            boolean tmpIsEmptyDir = false;
            for (JsonNode v : pod.path("volumes")) {
                if ("tmp".equals(v.path("name").asText())) {
                    tmpIsEmptyDir = v.has("emptyDir");
                }
            }
            assertTrue(tmpIsEmptyDir, name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noSecretValueIsCommittedAndEveryReferencedSecretIsDocumented(String overlay) throws Exception {
        List<JsonNode> objects = rendered(overlay);
        assertTrue(ofKind(objects, "Secret").isEmpty(), "Secrets are created out of band (deploy/README.md)");
        Set<String> referenced = new HashSet<>();
        for (JsonNode o : objects) {
            referenced.addAll(o.findValues("secretKeyRef").stream().map(r -> r.path("name").asText()).toList());
            referenced.addAll(o.findValues("secretName").stream().map(JsonNode::asText).toList());
            o.findValues("secret").stream().filter(s -> s.has("name")).forEach(s -> referenced.add(s.path("name").asText()));
        }
        assertTrue(DOCUMENTED_SECRETS.containsAll(referenced), "undocumented secrets: " + referenced);
        assertTrue(referenced.containsAll(Set.of("platform-db-credentials", "auth-signing-key", "card-tracking-keys",
                "activation-secrets", "platform-tls")), "database, signing key, JWE key, HMAC key, TLS: " + referenced);
        // every ConfigMap a pod reads is part of the rendering (the generated name with its hash)
        Set<String> configMaps = ofKind(objects, "ConfigMap").stream().map(o -> o.path("metadata").path("name").asText())
                .collect(Collectors.toSet());
        for (JsonNode d : ofKind(objects, "Deployment")) {
            for (JsonNode ref : d.findValues("configMapRef")) {
                assertTrue(configMaps.contains(ref.path("name").asText()), id(d) + " reads " + ref);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void ingressesRouteToServicesWithTlsAndLimits(String overlay) throws Exception {
        List<JsonNode> objects = rendered(overlay);
        List<JsonNode> ingresses = ofKind(objects, "Ingress");
        assertEquals(6, ingresses.size());
        Set<String> hosts = new HashSet<>();
        for (JsonNode ing : ingresses) {
            assertEquals("nginx", ing.path("spec").path("ingressClassName").asText());
            JsonNode annotations = ing.path("metadata").path("annotations");
            for (String a : List.of("use-regex", "proxy-body-size", "limit-rps", "limit-connections")) {
                assertTrue(annotations.has(RouteTable.ANNOTATION + a), id(ing) + " " + a);
            }
            String host = ing.path("spec").path("rules").get(0).path("host").asText();
            hosts.add(host);
            assertEquals(host, ing.path("spec").path("tls").get(0).path("hosts").get(0).asText());
            assertEquals("platform-tls", ing.path("spec").path("tls").get(0).path("secretName").asText());
            for (JsonNode path : ing.findValues("paths").get(0)) {
                JsonNode backend = path.path("backend").path("service");
                JsonNode svc = named(objects, "Service", backend.path("name").asText());
                assertEquals(svc.path("spec").path("ports").get(0).path("port").asInt(),
                        backend.path("port").path("number").asInt(), id(ing) + " " + path.path("path"));
                assertEquals("ImplementationSpecific", path.path("pathType").asText());
                String p = path.path("path").asText();
                assertFalse(p.startsWith("/internal") || p.startsWith("/q"), p);
            }
        }
        assertEquals(1, hosts.size(), "one host: ingress-nginx merges the Ingresses into one server");
        // the overlay's Ingresses route exactly like the base the front door reads
        RouteTable overlayRoutes = RouteTable.fromIngresses(ingresses);
        IngressRoutingTest.SAMPLES.forEach((path, service) ->
                assertEquals(service, overlayRoutes.match(path).orElseThrow().service(), overlay + " " + path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void networkPoliciesDenyByDefaultAndOpenOnlyThePlatformsFlows(String overlay) throws Exception {
        List<JsonNode> objects = rendered(overlay);
        JsonNode deny = named(objects, "NetworkPolicy", "platform-default-deny");
        assertEquals("[\"Ingress\",\"Egress\"]", deny.path("spec").path("policyTypes").toString());
        assertFalse(deny.path("spec").has("ingress") || deny.path("spec").has("egress"));
        for (JsonNode d : ofKind(objects, "Deployment")) {
            assertTrue(selects(deny.path("spec").path("podSelector").path("matchLabels"),
                    d.path("spec").path("template").path("metadata").path("labels")), id(d) + " is under default deny");
        }
        JsonNode fromController = named(objects, "NetworkPolicy", "platform-allow-ingress-controller");
        assertEquals("ingress-nginx", fromController.findValue("kubernetes.io/metadata.name").asText());
        JsonNode postgres = named(objects, "NetworkPolicy", "platform-allow-postgres");
        assertEquals(5432, postgres.path("spec").path("egress").get(0).path("ports").get(0).path("port").asInt());
        assertTrue(postgres.path("spec").path("egress").get(0).has("to"), overlay + " narrows PostgreSQL egress");
        named(objects, "NetworkPolicy", "auth-service-allow-platform");
        named(objects, "NetworkPolicy", "platform-allow-auth-service");
        JsonNode cascade = named(objects, "NetworkPolicy", "card-service-allow-consumer-service");
        assertEquals("card-service", cascade.path("spec").path("podSelector").path("matchLabels")
                .path("app.kubernetes.io/name").asText());
        assertEquals("consumer-service", cascade.path("spec").path("ingress").get(0).path("from").get(0)
                .path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText());
        named(objects, "NetworkPolicy", "platform-allow-dns");
        // every policy selects some pods
        for (JsonNode np : ofKind(objects, "NetworkPolicy")) {
            JsonNode selector = np.path("spec").path("podSelector");
            boolean selectsSomething = ofKind(objects, "Deployment").stream().anyMatch(d -> selectsPod(selector,
                    d.path("spec").path("template").path("metadata").path("labels")))
                    || selector.path("matchLabels").has("cnpg.io/cluster");
            assertTrue(selectsSomething, id(np) + " selects nothing");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectIsInTheOverlaysNamespace(String overlay) throws Exception {
        String namespace = "dev".equals(overlay) ? "card-platform-dev" : "card-platform";
        for (JsonNode o : rendered(overlay)) {
            assertEquals(namespace, o.path("metadata").path("namespace").asText(), id(o));
        }
    }

    @Test
    void devClusterIsACloudNativePgClusterAndProdAnExternalDatabase() throws Exception {
        JsonNode cluster = named(rendered("dev"), "Cluster", "platform-db");
        assertEquals("postgresql.cnpg.io/v1", cluster.path("apiVersion").asText());
        assertTrue(cluster.path("spec").path("instances").asInt() >= 1);
        assertFalse(cluster.path("spec").path("storage").path("size").asText().isEmpty());
        assertEquals("platform-db-credentials", cluster.path("spec").path("bootstrap").path("initdb").path("secret").path("name").asText());
        assertEquals("cardplatform", cluster.path("spec").path("bootstrap").path("initdb").path("database").asText());
        assertTrue(named(rendered("dev"), "ConfigMap", configMapName(rendered("dev"))).path("data")
                .path("PLATFORM_DB_JDBC_URL").asText().contains("//platform-db-rw:5432/cardplatform"));

        JsonNode external = named(rendered("prod"), "Service", "platform-db");
        assertEquals("ExternalName", external.path("spec").path("type").asText());
        assertTrue(rendered("prod").stream().noneMatch(o -> "Cluster".equals(o.path("kind").asText())));
        assertTrue(named(rendered("prod"), "ConfigMap", configMapName(rendered("prod"))).path("data")
                .path("PLATFORM_DB_REACTIVE_URL").asText().contains("//platform-db:5432/"));
    }

    static String configMapName(List<JsonNode> objects) {
        return ofKind(objects, "ConfigMap").stream().map(o -> o.path("metadata").path("name").asText())
                .filter(n -> n.startsWith("platform-config")).min(Comparator.naturalOrder())
                .orElseThrow(() -> new AssertionError("no platform-config ConfigMap"));
    }

    @Test
    void everySourceManifestParses() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(K8S)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).toList();
        }
        assertTrue(files.size() > 10);
        for (Path file : files) {
            try {
                read(file);
            } catch (IOException e) {
                fail(file + ": " + e.getMessage());
            }
        }
    }
}
