package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Every example a new user copies runs as printed on a freshly started stack: the root README's first example
 * (Citi, on the demo account), the "Try it" lines of deploy/README.md and of the launcher's own start banner, and
 * the guided tour deploy/local/smoke.sh. The examples are run by bash with the real curl and jq; only what differs
 * between the test's stack and the default one is replaced (the front door's port, the data directory, the
 * secrets the reader copies from the banner). In the examples, curl is wrapped with {@code --fail-with-body} so
 * that an HTTP error fails the example instead of printing a body nobody reads (smoke.sh checks each status).
 */
@Order(4) // before LogHygieneIT, which scans what the examples logged
class ReadmeExamplesIT {

    private static final String DEFAULT_BASE = "https://localhost:8443";
    private static SharedStack shared;
    private static Path bin;

    @BeforeAll
    static void stackAndTools() throws IOException {
        for (String tool : List.of("bash", "curl", "jq")) {
            assumeTrue(onPath(tool), "the README's examples need " + tool + " on the PATH (apt-get install " + tool
                    + "); .ci/run installs it");
        }
        shared = SharedStack.get();
        bin = Files.createTempDirectory("readme-examples-bin");
        Path curl = bin.resolve("curl");
        Files.writeString(curl, "#!/bin/sh\nexec " + which("curl") + " --fail-with-body \"$@\"\n");
        Files.setPosixFilePermissions(curl, PosixFilePermissions.fromString("rwxr-xr-x"));
        // the demo PANs must never reach a log (LogHygieneIT)
        shared.sensitive("4111111111111111");
        shared.sensitive("5555555555554444");
    }

    @Test
    void theRootReadmesExampleBlocksTheDemoAccountsCards() throws Exception {
        String example = block(read("README.md"), "prints the demo clients");
        assertTrue(example.contains("ACC-1"), "the README's example acts on the demo account:\n" + example);
        LocalSecrets.Client citi = shared.stack().secrets().client("local-citi");
        Result result = run(example, Map.of("CLIENT_ID", citi.clientId(), "CLIENT_SECRET", citi.clientSecret()));
        assertEquals(0, result.exit(), "the README's example failed:\n" + result);
        assertTrue(result.output().trim().endsWith("204"), "Citi answers 204:\n" + result);
        assertEquals(List.of(List.of("DEMO-CREDIT-1", "ACC-2", "ACTIVE"), List.of("DEMO-DEBIT-1", "ACC-1", "BLOCKED")),
                shared.rows("select card_id, account_id, status from card.cards where issuer_id = ? and consumer_id = ? "
                        + "order by 1", LocalSecrets.DEMO_ISSUER, DemoData.CONSUMER));
    }

    @Test
    void theDeployReadmesTryItCreatesAPublisher() throws Exception {
        String example = block(read("deploy/README.md"), "Try it (the launcher prints");
        LocalSecrets.Client triple = shared.stack().secrets().client("local-triple");
        assertTrue(example.contains("local-triple:<secret>"), example);
        Result result = run(example.replace("<secret>", triple.clientSecret()), Map.of());
        assertEquals(0, result.exit(), "deploy/README's example failed:\n" + result);
        JsonNode publisher = SharedStack.JSON.readTree(result.output());
        assertTrue(publisher.path("external_id").asText().startsWith("demo-"), result.toString());
        assertEquals("Demo publisher", publisher.path("name").asText());
    }

    @Test
    void theBannersExamplesRunAsPrinted() throws Exception {
        String banner = shared.stack().banner();
        List<String> commands = new ArrayList<>();
        boolean examples = false;
        for (String line : banner.split("\n")) {
            examples |= line.startsWith("Try it");
            if (examples && (line.startsWith("  TOKEN=") || line.startsWith("  curl "))) {
                commands.add(line.trim());
            }
        }
        assertEquals(6, commands.size(), "three tokens and three calls, as printed:\n" + banner);
        // as printed: the test stack's own port and data directory are already in the banner
        Result result = runAsIs(String.join("\n", commands), Map.of());
        assertEquals(0, result.exit(), "the banner's examples failed:\n" + result);
        assertTrue(result.output().contains("\"name\":\"Demo publisher\""), result.toString());
        assertTrue(result.output().contains("204"), "the Citi block answers 204:\n" + result);
        JsonNode cards = SharedStack.JSON.readTree(result.output().substring(result.output().lastIndexOf("{\"cards\"")));
        Map<String, String> statuses = new LinkedHashMap<>();
        cards.path("cards").forEach(card -> statuses.put(card.path("cardId").asText(), card.path("status").asText()));
        assertEquals(Map.of("DEMO-DEBIT-1", "BLOCKED", "DEMO-CREDIT-1", "ACTIVE"), statuses, result.toString());
    }

    @Test
    void theSmokeTourPassesEveryStep() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LOCAL_DATA_DIR", shared.settings().dataDirectory().toString());
        env.put("LOCAL_FRONT_DOOR_PORT", String.valueOf(shared.settings().frontDoorPort()));
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            env.put("SMOKE_WEBHOOK_PORT", String.valueOf(free.getLocalPort()));
        }
        // smoke.sh checks every status itself (and expects some 404s): the real curl, not the failing wrapper
        Result result = runAsIs("deploy/local/smoke.sh", env, false);
        assertEquals(0, result.exit(), "deploy/local/smoke.sh failed:\n" + result);
        assertTrue(result.output().contains("All steps passed."), result.toString());
        // the receiver checked each event's signature with the reference library, and printed what it got
        assertTrue(result.output().contains("signature valid: tracking.operation.updated"), result.toString());
        assertTrue(result.output().contains("signature valid: card.status.changed"), result.toString());
        assertFalse(result.output().contains("NOT valid"), result.toString());
        assertFalse(result.output().contains("unexpected status"), result.toString());
    }

    // ---- running a README's commands -----------------------------------------------------------------------------

    record Result(int exit, String output, String script) {
        @Override
        public String toString() {
            return "--- script ---\n" + script + "\n--- output (exit " + exit + ") ---\n" + output;
        }
    }

    /** Runs an example written for the default stack against the test's stack. */
    private static Result run(String example, Map<String, String> env) throws Exception {
        Path data = SharedStack.ROOT.relativize(shared.settings().dataDirectory());
        return runAsIs(example.replace(DEFAULT_BASE, shared.baseUrl()).replace(".local/", data + "/"), env);
    }

    private static Result runAsIs(String script, Map<String, String> env) throws Exception {
        return runAsIs(script, env, true);
    }

    private static Result runAsIs(String script, Map<String, String> env, boolean failOnHttpErrors) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-eo", "pipefail", "-c", script)
                .directory(SharedStack.ROOT.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        if (failOnHttpErrors) {
            builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        }
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the example did not end within 180 s:\n" + script);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8), script);
    }

    /** The first ```bash block after the line containing {@code marker}. */
    static String block(String markdown, String marker) {
        int at = markdown.indexOf(marker);
        assertTrue(at >= 0, "no line containing \"" + marker + "\"");
        Matcher m = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        assertTrue(m.find(at), "no ```bash block after \"" + marker + "\"");
        return m.group(1);
    }

    private static String read(String file) throws IOException {
        return Files.readString(SharedStack.ROOT.resolve(file));
    }

    private static boolean onPath(String tool) {
        return which(tool) != null;
    }

    private static String which(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
