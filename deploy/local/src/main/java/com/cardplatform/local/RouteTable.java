package com.cardplatform.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The platform's route table, read from the Kubernetes Ingress manifest(s) and matched the way ingress-nginx
 * matches: when {@code use-regex} (or {@code rewrite-target}) is set on any Ingress of the host, every path of
 * the host becomes a case-insensitive regular expression anchored at the start ({@code location ~* "^path"});
 * the locations are ordered by descending path length and the first match wins (NGINX's first-match policy
 * for regex locations). {@code Exact} paths stay exact ({@code location = path}) and are tried first. Without
 * regex, {@code Prefix} matches element-wise and the longest match wins. A path no route matches is refused.
 */
public final class RouteTable {

    static final String ANNOTATION = "nginx.ingress.kubernetes.io/";
    /** ingress-nginx's default client_max_body_size when an Ingress sets no proxy-body-size. */
    static final long DEFAULT_BODY_BYTES = 1024 * 1024;

    /** Per-client limits of one Ingress (ingress-nginx limit-rps, limit-burst-multiplier, limit-connections). */
    public record RateLimit(int requestsPerSecond, int burst, int connections) {
        static final RateLimit NONE = new RateLimit(0, 0, 0);

        public boolean limitsRate() {
            return requestsPerSecond > 0;
        }

        public boolean limitsConnections() {
            return connections > 0;
        }
    }

    /** One path of one Ingress. */
    public record Route(String ingress, String path, String pathType, String service, int servicePort,
            long maxBodyBytes, RateLimit rateLimit, Pattern regex) {

        boolean exact() {
            return "Exact".equals(pathType);
        }

        boolean matches(String requestPath) {
            if (exact()) {
                return path.equals(requestPath);
            }
            if (regex != null) {
                return regex.matcher(requestPath).lookingAt();
            }
            if ("Prefix".equals(pathType)) {
                return elementWisePrefix(path, requestPath);
            }
            return requestPath.startsWith(path);
        }
    }

    private final List<Route> routes;
    private final boolean regexMode;

    private RouteTable(List<Route> routes, boolean regexMode) {
        this.routes = List.copyOf(routes);
        this.regexMode = regexMode;
    }

    /** The routes in the order they are tried. */
    public List<Route> routes() {
        return routes;
    }

    /** Whether the host is in ingress-nginx's regex mode (use-regex or rewrite-target on any Ingress). */
    public boolean regexMode() {
        return regexMode;
    }

    /** The route serving a (normalized, decoded) request path, as ingress-nginx would choose it. */
    public Optional<Route> match(String requestPath) {
        for (Route route : routes) {
            if (route.exact() && route.matches(requestPath)) {
                return Optional.of(route);
            }
        }
        if (regexMode) {
            return routes.stream().filter(r -> !r.exact()).filter(r -> r.matches(requestPath)).findFirst();
        }
        return routes.stream()
                .filter(r -> !r.exact())
                .filter(r -> r.matches(requestPath))
                .max(Comparator.comparingInt(r -> r.path().length()));
    }

    /** Reads every Ingress object of the given multi-document YAML files. */
    public static RouteTable fromIngressFiles(List<Path> files) {
        YAMLMapper yaml = new YAMLMapper(new YAMLFactory());
        List<JsonNode> ingresses = new ArrayList<>();
        for (Path file : files) {
            try (MappingIterator<JsonNode> docs = yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if (doc != null && "Ingress".equals(doc.path("kind").asText())) {
                        ingresses.add(doc);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the Ingress manifest " + file + ": " + e.getMessage(), e);
            }
        }
        return fromIngresses(ingresses);
    }

    static RouteTable fromIngresses(List<JsonNode> ingresses) {
        if (ingresses.isEmpty()) {
            throw new IllegalStateException("No Ingress object found: the front door has nothing to route");
        }
        boolean regexMode = ingresses.stream().anyMatch(i -> "true".equalsIgnoreCase(annotation(i, "use-regex"))
                || annotation(i, "rewrite-target") != null);
        List<Route> routes = new ArrayList<>();
        for (JsonNode ingress : ingresses) {
            String name = ingress.path("metadata").path("name").asText();
            long maxBody = parseSize(Optional.ofNullable(annotation(ingress, "proxy-body-size")).orElse("1m"), name);
            RateLimit limit = rateLimit(ingress, name);
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                for (JsonNode p : rule.path("http").path("paths")) {
                    String path = p.path("path").asText("/");
                    String type = p.path("pathType").asText("ImplementationSpecific");
                    JsonNode service = p.path("backend").path("service");
                    if (service.isMissingNode() || service.path("name").asText().isEmpty()) {
                        throw new IllegalStateException("Ingress " + name + " path " + path + " has no service backend");
                    }
                    Pattern regex = null;
                    if (regexMode && !"Exact".equals(type)) {
                        try {
                            regex = Pattern.compile("^" + path, Pattern.CASE_INSENSITIVE);
                        } catch (PatternSyntaxException e) {
                            throw new IllegalStateException("Ingress " + name + " path " + path
                                    + " is not a valid regular expression: " + e.getDescription(), e);
                        }
                    }
                    routes.add(new Route(name, path, type, service.path("name").asText(),
                            service.path("port").path("number").asInt(0), maxBody, limit, regex));
                }
            }
        }
        // ingress-nginx: locations sorted by path, descending, then (stable) by path length, descending
        routes.sort(Comparator.comparing(Route::path).reversed());
        routes.sort(Comparator.comparingInt((Route r) -> r.path().length()).reversed());
        return new RouteTable(routes, regexMode);
    }

    private static RateLimit rateLimit(JsonNode ingress, String name) {
        int rps = intAnnotation(ingress, "limit-rps", 0, name);
        int multiplier = intAnnotation(ingress, "limit-burst-multiplier", 5, name);
        int connections = intAnnotation(ingress, "limit-connections", 0, name);
        if (rps == 0 && connections == 0) {
            return RateLimit.NONE;
        }
        return new RateLimit(rps, rps * multiplier, connections);
    }

    private static int intAnnotation(JsonNode ingress, String key, int fallback, String name) {
        String value = annotation(ingress, key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Ingress " + name + ": " + ANNOTATION + key + " is not a number: " + value);
        }
    }

    private static String annotation(JsonNode ingress, String key) {
        JsonNode value = ingress.path("metadata").path("annotations").path(ANNOTATION + key);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    /** NGINX sizes: bytes, or a number with k/K, m/M, g/G; 0 means unlimited. */
    static long parseSize(String size, String ingress) {
        String s = size.trim().toLowerCase(Locale.ROOT);
        Map<Character, Long> units = Map.of('k', 1024L, 'm', 1024L * 1024, 'g', 1024L * 1024 * 1024);
        try {
            char last = s.charAt(s.length() - 1);
            long bytes = units.containsKey(last)
                    ? Long.parseLong(s.substring(0, s.length() - 1)) * units.get(last)
                    : Long.parseLong(s);
            return bytes == 0 ? Long.MAX_VALUE : bytes;
        } catch (RuntimeException e) {
            throw new IllegalStateException("Ingress " + ingress + ": proxy-body-size " + size + " is not an NGINX size");
        }
    }

    /** Kubernetes Prefix semantics: /foo matches /foo and /foo/bar, not /foobar. */
    static boolean elementWisePrefix(String prefix, String path) {
        String p = prefix.endsWith("/") && prefix.length() > 1 ? prefix.substring(0, prefix.length() - 1) : prefix;
        if ("/".equals(p)) {
            return true;
        }
        return path.equals(p) || path.startsWith(p + "/");
    }
}
