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
import java.util.LinkedHashMap;
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
            "platform-tls", "rewards-secrets", "notification-secrets", "platform-db-ca", "platform-db-backup-credentials");
    /** cert-manager's API group: its Issuer and Certificate objects (CRDs) are checked by prodEncrypts... below. */
    static final String CERT_MANAGER = "cert-manager.io/v1";
    /** The Prometheus Operator's API group: its ServiceMonitor objects. */
    static final String PROMETHEUS_OPERATOR = "monitoring.coreos.com/v1";
    static final String TLS_DIR = "/var/run/secrets/platform/tls/";
    static final String DB_CA_FILE = "/var/run/secrets/platform/db-ca/ca.crt";
    /** The services with partner-guard, whose pool of its own (datasource "guard") has TLS settings of its own. */
    static final Set<String> GUARDED = Set.of("consumer-service", "card-service", "activation-service",
            "rewards-account-service", "notification-service");
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
            if (Set.of("postgresql.cnpg.io/v1", "barmancloud.cnpg.io/v1").contains(object.path("apiVersion").asText())) {
                continue; // CloudNativePG's CRDs, not in the Kubernetes schemas: checked by theDatabaseIs...Cluster
            }
            if (CERT_MANAGER.equals(object.path("apiVersion").asText())) {
                continue; // CRDs too: checked by prodEncryptsEveryInternalHopWithCertificatesOfCertManager
            }
            if (PROMETHEUS_OPERATOR.equals(object.path("apiVersion").asText())) {
                continue; // the Prometheus Operator's CRD: checked by prometheusScrapesEveryService...
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
        List<JsonNode> objects = rendered(overlay);
        for (JsonNode d : ofKind(objects, "Deployment")) {
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
            // a stop: readiness DOWN for the shutdown delay, then in-flight requests up to the shutdown timeout, both
            // before the kubelet's SIGKILL at the end of the grace period
            Map<String, String> env = environment(objects, d);
            long delay = java.time.Duration.parse("PT" + env.get("QUARKUS_SHUTDOWN_DELAY")).toSeconds();
            long timeout = java.time.Duration.parse("PT" + env.get("QUARKUS_SHUTDOWN_TIMEOUT")).toSeconds();
            assertTrue(delay >= 5, name + ": readiness DOWN long enough to leave the endpoints");
            assertTrue(delay + timeout < pod.path("terminationGracePeriodSeconds").asLong(), name
                    + ": delay " + delay + " s + timeout " + timeout + " s within the grace period");
            // the pod's JAVA_OPTS_APPEND replaces the image's: it must name the image's AOT cache again
            assertTrue(env.getOrDefault("JAVA_OPTS_APPEND", "").contains("-XX:AOTCache=/deployments/app.aot"),
                    name + " starts from the AOT cache");
            String image = c.path("image").asText();
            assertTrue(image.matches("card-platform/" + name + ":[\\w.-]+"), name + " image " + image);
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
            // the backups' object store credentials (CloudNativePG's Barman Cloud ObjectStore)
            o.findValues("s3Credentials").forEach(c -> c.forEach(ref -> {
                if (ref.has("name")) {
                    referenced.add(ref.path("name").asText());
                }
            }));
        }
        // the secrets cert-manager writes for the overlay's own Certificates need no "kubectl create secret"
        Set<String> issued = ofKind(objects, "Certificate").stream()
                .map(c -> c.path("spec").path("secretName").asText()).collect(Collectors.toSet());
        Set<String> undocumented = new HashSet<>(referenced);
        undocumented.removeAll(DOCUMENTED_SECRETS);
        undocumented.removeAll(issued);
        assertTrue(undocumented.isEmpty(), "undocumented secrets: " + undocumented);
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
    void theApiReferenceIsServedThroughTheIngressByEachApisOwnService(String overlay) throws Exception {
        List<JsonNode> objects = rendered(overlay);
        RouteTable overlayRoutes = RouteTable.fromIngresses(ofKind(objects, "Ingress"));
        JsonNode fromController = named(objects, "NetworkPolicy", "platform-allow-ingress-controller");
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("/docs", "card-service");
        for (com.cardplatform.reference.ApiPage page : com.cardplatform.reference.ApiPage.ALL) {
            pages.put(page.path(), page.service());
            pages.put(page.path() + "/openapi.json", page.service());
            pages.put(page.path() + "/assets/swagger-ui.css", page.service());
        }
        pages.forEach((path, service) -> {
            RouteTable.Route route = overlayRoutes.match(path).orElseThrow(() -> new AssertionError(overlay + " " + path));
            assertEquals(service, route.service(), overlay + " " + path);
            // the pages are GETs: the Ingress's body limit never applies, and the controller reaches the pods
            JsonNode deployment = named(objects, "Deployment", service);
            assertTrue(selectsPod(fromController.path("spec").path("podSelector"),
                    deployment.path("spec").path("template").path("metadata").path("labels")),
                    overlay + ": the ingress controller may reach " + service + " for " + path);
        });
        assertTrue(overlayRoutes.match("/docs/unknown").isEmpty(), overlay + ": only the platform's pages are routed");
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
    void prometheusScrapesEveryServicesMetricsFromTheMonitoringNamespaceOnly(String overlay) throws Exception {
        List<JsonNode> objects = rendered(overlay);
        String namespace = "dev".equals(overlay) ? "card-platform-dev" : "card-platform";
        List<JsonNode> monitors = ofKind(objects, "ServiceMonitor");
        assertEquals(SERVICES.size(), monitors.size(), "one ServiceMonitor per service");
        for (String service : SERVICES) {
            JsonNode monitor = named(objects, "ServiceMonitor", service);
            assertEquals(PROMETHEUS_OPERATOR, monitor.path("apiVersion").asText());
            assertEquals("card-platform", monitor.path("metadata").path("labels").path("app.kubernetes.io/part-of")
                    .asText(), "the label Prometheus selects on");
            JsonNode target = named(objects, "Service", service);
            assertTrue(selects(monitor.path("spec").path("selector").path("matchLabels"),
                    target.path("metadata").path("labels")), service + "'s ServiceMonitor selects its Service");
            long others = ofKind(objects, "Service").stream().filter(other -> selects(monitor.path("spec")
                    .path("selector").path("matchLabels"), other.path("metadata").path("labels"))).count();
            assertEquals(1, others, service + "'s ServiceMonitor selects its Service only");
            JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
            assertEquals(1, monitor.path("spec").path("endpoints").size());
            assertEquals("/q/metrics", endpoint.path("path").asText());
            String port = endpoint.path("port").asText();
            assertTrue(target.path("spec").path("ports").findValuesAsText("name").contains(port),
                    service + "'s Service has the port " + port);
            if ("prod".equals(overlay)) {
                // the pods serve HTTPS only: scraped over HTTPS, verified like the Ingress verifies them
                assertEquals("https", endpoint.path("scheme").asText(), service);
                JsonNode tls = endpoint.path("tlsConfig");
                assertEquals(service + "." + namespace + ".svc", tls.path("serverName").asText());
                String secret = tls.path("ca").path("secret").path("name").asText();
                JsonNode certificate = ofKind(objects, "Certificate").stream()
                        .filter(c -> secret.equals(c.path("spec").path("secretName").asText())).findFirst()
                        .orElseThrow(() -> new AssertionError(service + ": no Certificate writes " + secret));
                assertTrue(containsText(certificate.path("spec").path("dnsNames"), tls.path("serverName").asText()),
                        service + "'s certificate names " + tls.path("serverName").asText());
                assertEquals("ca.crt", tls.path("ca").path("secret").path("key").asText());
                assertFalse(tls.path("insecureSkipVerify").asBoolean(false));
            } else {
                assertFalse(endpoint.has("scheme") && !"http".equals(endpoint.path("scheme").asText()), service);
            }
        }
        JsonNode fromMonitoring = named(objects, "NetworkPolicy", "platform-allow-monitoring");
        assertEquals("[\"Ingress\"]", fromMonitoring.path("spec").path("policyTypes").toString());
        JsonNode rule = fromMonitoring.path("spec").path("ingress").get(0);
        assertEquals(1, fromMonitoring.path("spec").path("ingress").size());
        assertEquals("monitoring", rule.path("from").get(0).path("namespaceSelector").path("matchLabels")
                .path("kubernetes.io/metadata.name").asText());
        assertEquals("prometheus", rule.path("from").get(0).path("podSelector").path("matchLabels")
                .path("app.kubernetes.io/name").asText());
        assertEquals("[{\"port\":\"http\",\"protocol\":\"TCP\"}]", rule.path("ports").toString(),
                "the service port only");
    }

    private static boolean containsText(JsonNode array, String text) {
        for (JsonNode item : array) {
            if (text.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectIsInTheOverlaysNamespace(String overlay) throws Exception {
        String namespace = "dev".equals(overlay) ? "card-platform-dev" : "card-platform";
        for (JsonNode o : rendered(overlay)) {
            assertEquals(namespace, o.path("metadata").path("namespace").asText(), id(o));
        }
    }

    /** Both overlays run PostgreSQL as a CloudNativePG cluster, and the services reach it by its read-write Service. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theDatabaseIsACloudNativePgClusterReachedByItsReadWriteService(String overlay) throws Exception {
        List<JsonNode> objects = rendered(overlay);
        JsonNode cluster = named(objects, "Cluster", "platform-db");
        assertEquals("postgresql.cnpg.io/v1", cluster.path("apiVersion").asText());
        assertTrue(cluster.path("spec").path("instances").asInt() >= 1);
        assertFalse(cluster.path("spec").path("storage").path("size").asText().isEmpty());
        assertEquals("platform-db-credentials", cluster.path("spec").path("bootstrap").path("initdb").path("secret").path("name").asText());
        assertEquals("cardplatform", cluster.path("spec").path("bootstrap").path("initdb").path("database").asText());
        JsonNode config = named(objects, "ConfigMap", configMapName(objects)).path("data");
        assertTrue(config.path("PLATFORM_DB_JDBC_URL").asText().contains("//platform-db-rw:5432/cardplatform"));
        assertTrue(config.path("PLATFORM_DB_REACTIVE_URL").asText().contains("//platform-db-rw:5432/cardplatform"));
        assertTrue(objects.stream().noneMatch(o -> "ExternalName".equals(o.path("spec").path("type").asText())));
        // the services' PostgreSQL egress goes to the cluster's pods only
        JsonNode egress = named(objects, "NetworkPolicy", "platform-allow-postgres").path("spec").path("egress").get(0);
        assertEquals("platform-db", egress.path("to").get(0).path("podSelector").path("matchLabels").path("cnpg.io/cluster")
                .asText(), overlay);
    }

    /**
     * Prod: three instances, one per zone (required anti-affinity on the zone), quorum-based synchronous replication
     * that never acknowledges a commit held by one instance only, WAL archiving and nightly base backups to object
     * storage through the Barman Cloud plugin, and the plugin's ObjectStore with a retention.
     */
    @Test
    void prodDatabaseIsHighlyAvailableAndContinuouslyBackedUp() throws Exception {
        List<JsonNode> objects = rendered("prod");
        JsonNode spec = named(objects, "Cluster", "platform-db").path("spec");
        assertEquals(3, spec.path("instances").asInt());
        JsonNode synchronous = spec.path("postgresql").path("synchronous");
        assertEquals("any", synchronous.path("method").asText());
        assertEquals(1, synchronous.path("number").asInt());
        assertEquals("required", synchronous.path("dataDurability").asText());
        assertTrue(spec.path("affinity").path("enablePodAntiAffinity").asBoolean());
        assertEquals("required", spec.path("affinity").path("podAntiAffinityType").asText());
        assertEquals("topology.kubernetes.io/zone", spec.path("affinity").path("topologyKey").asText());
        assertFalse(spec.path("walStorage").path("size").asText().isEmpty(), "the WAL on its own volume");

        JsonNode plugin = spec.path("plugins").get(0);
        assertEquals("barman-cloud.cloudnative-pg.io", plugin.path("name").asText());
        assertTrue(plugin.path("isWALArchiver").asBoolean());
        String store = plugin.path("parameters").path("barmanObjectName").asText();
        JsonNode objectStore = named(objects, "ObjectStore", store);
        assertEquals("barmancloud.cnpg.io/v1", objectStore.path("apiVersion").asText());
        assertTrue(objectStore.path("spec").path("configuration").path("destinationPath").asText().startsWith("s3://"));
        assertFalse(objectStore.path("spec").path("retentionPolicy").asText().isEmpty());

        JsonNode backup = ofKind(objects, "ScheduledBackup").get(0).path("spec");
        assertEquals("platform-db", backup.path("cluster").path("name").asText());
        assertEquals("plugin", backup.path("method").asText());
        assertEquals("barman-cloud.cloudnative-pg.io", backup.path("pluginConfiguration").path("name").asText());
        assertEquals(6, backup.path("schedule").asText().split(" ").length, "CloudNativePG's cron has seconds");
    }

    /** What a pod's container sees: the ConfigMaps it reads (envFrom), overridden by its own literal env values. */
    static Map<String, String> environment(List<JsonNode> objects, JsonNode deployment) {
        Map<String, String> env = new TreeMap<>();
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
        for (JsonNode from : container.path("envFrom")) {
            JsonNode data = named(objects, "ConfigMap", from.path("configMapRef").path("name").asText()).path("data");
            data.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        for (JsonNode e : container.path("env")) {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
        }
        return env;
    }

    /** The secret behind the volume mounted at a directory of the pod's container, or null. */
    static String secretMountedAt(JsonNode deployment, String directory) {
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        for (JsonNode mount : pod.path("containers").get(0).path("volumeMounts")) {
            if (directory.equals(mount.path("mountPath").asText() + "/")) {
                for (JsonNode volume : pod.path("volumes")) {
                    if (volume.path("name").asText().equals(mount.path("name").asText())) {
                        return volume.path("secret").path("secretName").asText(null);
                    }
                }
            }
        }
        return null;
    }

    static String query(String url, String name) {
        int q = url.indexOf('?');
        String found = null;
        for (String pair : q < 0 ? new String[0] : url.substring(q + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                found = pair.substring(name.length() + 1);
            }
        }
        return found;
    }

    /**
     * Both overlays: every pod reaches PostgreSQL with verify-full on both connections (the reactive pool and Flyway's
     * JDBC), the server's name checked, against the CA file of the secret platform-db-ca that the pod mounts (only its
     * ca.crt: CloudNativePG's secret also holds the CA's key). This is what common-errors' DatabaseTransportRule
     * requires in the prod profile, so no pod relies on PLATFORM_DATABASE_ALLOW_PLAINTEXT.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyPodReachesTheDatabaseOverVerifiedTls(String overlay) throws Exception {
        List<JsonNode> objects = rendered(overlay);
        for (JsonNode d : ofKind(objects, "Deployment")) {
            String name = id(d);
            Map<String, String> env = environment(objects, d);
            String reactive = env.get("PLATFORM_DB_REACTIVE_URL");
            String jdbc = env.get("PLATFORM_DB_JDBC_URL");
            assertEquals("verify-full", query(reactive, "sslmode"), name + " " + reactive);
            assertEquals("verify-full", query(jdbc, "sslmode"), name + " " + jdbc);
            assertEquals(DB_CA_FILE, query(jdbc, "sslrootcert"), name + " " + jdbc);
            assertEquals("HTTPS", env.get("QUARKUS_DATASOURCE_REACTIVE_HOSTNAME_VERIFICATION_ALGORITHM"), name);
            assertEquals("true", env.get("QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM"), name);
            assertEquals(DB_CA_FILE, env.get("QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS"), name);
            if (GUARDED.contains(d.path("metadata").path("name").asText())) {
                assertEquals("HTTPS", env.get("QUARKUS_DATASOURCE_GUARD_REACTIVE_HOSTNAME_VERIFICATION_ALGORITHM"), name);
                assertEquals("true", env.get("QUARKUS_DATASOURCE_GUARD_REACTIVE_TRUST_CERTIFICATE_PEM"), name);
                assertEquals(DB_CA_FILE, env.get("QUARKUS_DATASOURCE_GUARD_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS"), name);
            }
            assertFalse(env.containsKey("PLATFORM_DATABASE_ALLOW_PLAINTEXT"), name + ": no plaintext allowance in a cluster");
            assertFalse(env.containsKey("QUARKUS_DATASOURCE_REACTIVE_TRUST_ALL"), name);
            assertEquals("platform-db-ca", secretMountedAt(d, "/var/run/secrets/platform/db-ca/"), name);
            for (JsonNode v : d.path("spec").path("template").path("spec").path("volumes")) {
                if ("platform-db-ca".equals(v.path("secret").path("secretName").asText())) {
                    assertEquals("[{\"key\":\"ca.crt\",\"path\":\"ca.crt\"}]", v.path("secret").path("items").toString(),
                            name + " mounts the CA certificate only");
                }
            }
        }
        {
            // CloudNativePG serves TLS with its own CA (secret <cluster>-ca) and refuses connections without TLS
            JsonNode cluster = named(objects, "Cluster", "platform-db");
            assertFalse(cluster.path("spec").has("certificates"), "the operator's own CA: platform-db-ca");
            assertTrue(cluster.path("spec").path("postgresql").path("pg_hba").toString().contains("hostnossl all all all reject"));
            assertTrue(environment(objects, named(objects, "Deployment", "auth-service")).get("PLATFORM_DB_JDBC_URL")
                    .startsWith("jdbc:postgresql://platform-db-rw:5432/"), "a name of CloudNativePG's server certificate");
        }
    }

    /**
     * The prod overlay encrypts every hop inside the cluster: cert-manager issues an internal CA and one certificate
     * per service for its Service's names; each pod mounts its own, serves HTTPS only on its container port (probes
     * too), calls the others only by https URLs and trusts the internal CA for them; the Ingress verifies each
     * backend's certificate for that backend's name; every certificate cert-manager issues is used somewhere.
     */
    @Test
    void prodEncryptsEveryInternalHopWithCertificatesOfCertManager() throws Exception {
        List<JsonNode> objects = rendered("prod");
        String namespace = "card-platform";
        Map<String, JsonNode> certificateBySecret = new TreeMap<>();
        for (JsonNode c : ofKind(objects, "Certificate")) {
            assertEquals(CERT_MANAGER, c.path("apiVersion").asText());
            certificateBySecret.put(c.path("spec").path("secretName").asText(), c);
        }
        Map<String, JsonNode> issuers = new TreeMap<>();
        ofKind(objects, "Issuer").forEach(i -> issuers.put(i.path("metadata").path("name").asText(), i));
        // the CA: a self-signed CA certificate behind a "ca" Issuer
        JsonNode caIssuer = issuers.get("platform-internal-ca");
        assertNotNull(caIssuer, "Issuer platform-internal-ca");
        JsonNode ca = certificateBySecret.get(caIssuer.path("spec").path("ca").path("secretName").asText());
        assertNotNull(ca, "the CA Issuer's secret is a Certificate of the overlay");
        assertTrue(ca.path("spec").path("isCA").asBoolean(), id(ca));
        assertTrue(issuers.get(ca.path("spec").path("issuerRef").path("name").asText()).path("spec").has("selfSigned"));

        Set<String> used = new HashSet<>(Set.of(caIssuer.path("spec").path("ca").path("secretName").asText()));
        for (JsonNode d : ofKind(objects, "Deployment")) {
            String service = d.path("metadata").path("name").asText();
            Map<String, String> env = environment(objects, d);
            // its own certificate, for its Service's names, from the internal CA
            String secret = secretMountedAt(d, TLS_DIR);
            assertNotNull(secret, service + " mounts its certificate at " + TLS_DIR);
            used.add(secret);
            JsonNode certificate = certificateBySecret.get(secret);
            assertNotNull(certificate, service + ": " + secret + " is issued by cert-manager");
            assertEquals(List.of(service, service + "." + namespace + ".svc", service + "." + namespace + ".svc.cluster.local"),
                    JSON.convertValue(certificate.path("spec").path("dnsNames"), List.class), id(certificate));
            assertEquals("platform-internal-ca", certificate.path("spec").path("issuerRef").path("name").asText());
            // HTTPS only, on the container port, with that certificate; the probes follow
            JsonNode container = d.path("spec").path("template").path("spec").path("containers").get(0);
            assertEquals(container.path("ports").get(0).path("containerPort").asText(), env.get("QUARKUS_HTTP_SSL_PORT"), service);
            assertEquals("disabled", env.get("QUARKUS_HTTP_INSECURE_REQUESTS"), service + " opens no plain HTTP port");
            assertEquals(TLS_DIR + "tls.crt", env.get("QUARKUS_HTTP_SSL_CERTIFICATE_FILES"), service);
            assertEquals(TLS_DIR + "tls.key", env.get("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES"), service);
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                assertEquals("HTTPS", container.path(probe).path("httpGet").path("scheme").asText(), service + " " + probe);
            }
            // every URL of another service is https, and the client side trusts the internal CA
            for (Map.Entry<String, String> e : env.entrySet()) {
                for (String other : SERVICES) {
                    if (e.getValue().contains("://" + other + ":") || e.getValue().contains("://" + other + "/")
                            || e.getValue().contains("://" + other + "." + namespace)) {
                        assertTrue(e.getValue().startsWith("https://"), service + " " + e.getKey() + "=" + e.getValue());
                    }
                }
                assertFalse(e.getValue().startsWith("http://"), service + " " + e.getKey() + "=" + e.getValue());
            }
            assertTrue(env.get("PLATFORM_JWKS_URL").startsWith("https://auth-service:"), service);
            assertEquals(TLS_DIR + "ca.crt", env.get("SMALLRYE_JWT_CLIENT_TLS_CERTIFICATE_PATH"), service + " JWKS trust");
            assertEquals(TLS_DIR + "ca.crt", env.get("QUARKUS_TLS__INTERNAL__TRUST_STORE_PEM_CERTS"), service);
            if (env.containsKey("PLATFORM_CARD_SERVICE_URL")) {
                assertEquals("internal", env.get("QUARKUS_REST_CLIENT_TLS_CONFIGURATION_NAME"),
                        service + "'s REST clients trust the internal CA");
            }
        }
        assertTrue(environment(objects, named(objects, "Deployment", "consumer-service")).get("PLATFORM_CARD_SERVICE_URL")
                .startsWith("https://card-service:"));

        // the Ingress controller: HTTPS to each backend, verified against the internal CA for that backend's name
        for (JsonNode ing : ofKind(objects, "Ingress")) {
            JsonNode a = ing.path("metadata").path("annotations");
            String backend = ing.findValues("paths").get(0).get(0).path("backend").path("service").path("name").asText();
            assertEquals("HTTPS", a.path(RouteTable.ANNOTATION + "backend-protocol").asText(), id(ing));
            assertEquals("on", a.path(RouteTable.ANNOTATION + "proxy-ssl-verify").asText(), id(ing));
            assertEquals("on", a.path(RouteTable.ANNOTATION + "proxy-ssl-server-name").asText(), id(ing));
            String caSecret = a.path(RouteTable.ANNOTATION + "proxy-ssl-secret").asText();
            assertTrue(caSecret.startsWith(namespace + "/"), id(ing) + " " + caSecret);
            JsonNode controllerSide = certificateBySecret.get(caSecret.substring(namespace.length() + 1));
            assertNotNull(controllerSide, id(ing) + ": " + caSecret + " is issued by the internal CA (its ca.crt)");
            assertEquals("platform-internal-ca", controllerSide.path("spec").path("issuerRef").path("name").asText());
            used.add(controllerSide.path("spec").path("secretName").asText());
            String expectedName = a.path(RouteTable.ANNOTATION + "proxy-ssl-name").asText();
            JsonNode backendCertificate = certificateBySecret.get(secretMountedAt(named(objects, "Deployment", backend), TLS_DIR));
            assertTrue(JSON.convertValue(backendCertificate.path("spec").path("dnsNames"), List.class).contains(expectedName),
                    id(ing) + " verifies " + expectedName + ", a name of " + backend + "'s certificate");
            for (JsonNode path : ing.findValues("paths").get(0)) {
                assertEquals(backend, path.path("backend").path("service").path("name").asText(),
                        id(ing) + ": one backend per Ingress, so that proxy-ssl-name is its name");
            }
        }
        // nothing issued for nothing: every certificate's secret is mounted, or the CA's, or the controller's
        assertEquals(certificateBySecret.keySet(), new java.util.TreeSet<>(used), "every Certificate's secret is used");
    }

    @Test
    void devNeedsNoCertManager() throws Exception {
        // the dev overlay encrypts the database hop only (deploy/README.md): nothing of cert-manager is required there
        List<JsonNode> objects = rendered("dev");
        assertTrue(objects.stream().noneMatch(o -> o.path("apiVersion").asText().startsWith("cert-manager.io/")));
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
