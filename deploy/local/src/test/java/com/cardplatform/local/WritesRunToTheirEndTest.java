package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every resource class of the services that writes (a POST, PUT, PATCH or DELETE) is {@code @Cancellable(false)}:
 * by default Quarkus REST cancels a method's {@code Uni} when the client hangs up, which stops a write half-way and
 * skips the response filters, so the Idempotency-Key of the request stays claimed and the partner's retry gets 409
 * until the claim's lease ends (partner-guard's test shows the behaviour; this one that no resource forgets it).
 */
class WritesRunToTheirEndTest {

    private static final Pattern WRITE = Pattern.compile("^\\s*@(POST|PUT|PATCH|DELETE)\\b", Pattern.MULTILINE);
    private static final Pattern SERVER_CLASS = Pattern.compile("^public class ", Pattern.MULTILINE);

    @Test
    void everyResourceClassThatWritesRunsItsWritesToTheirEnd() throws IOException {
        List<String> writers = new ArrayList<>();
        List<String> cancellable = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(IngressRoutingTest.ROOT)) {
            for (Path main : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
                }
            }
        }
        for (Path file : sources) {
            String source = Files.readString(file);
            // REST client interfaces (outbound calls) have no server subscription to cancel
            if (!WRITE.matcher(source).find() || !SERVER_CLASS.matcher(source).find()) {
                continue;
            }
            writers.add(file.getFileName().toString());
            if (!source.contains("@Cancellable(false)")) {
                cancellable.add(IngressRoutingTest.ROOT.relativize(file).toString());
            }
        }
        assertTrue(writers.size() >= 15, "the scan found the services' resources: " + writers);
        assertEquals(List.of(), cancellable, "resource classes whose writes a hang-up would cancel");
    }
}
