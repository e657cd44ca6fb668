package com.cardplatform.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One API's part of a service's published OpenAPI document: the operations tagged with the page's tags, the
 * components they refer to (transitively) and the security schemes they name, and one server, the page's own
 * origin ({@code /}), so that "Try it out" calls the HTTPS entry the page was loaded from (the front door or the
 * Ingress), never a service's own port. Nothing else of the document is changed.
 */
public final class ReferenceDocument {

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private ReferenceDocument() {
    }

    /** The page's document, made from the service's whole document (as /q/openapi serves it). */
    public static ObjectNode of(JsonNode published, ApiPage page) {
        ObjectNode doc = published.deepCopy();
        ObjectNode paths = JsonNodeFactory.instance.objectNode();
        Set<String> usedTags = new LinkedHashSet<>();
        Set<String> usedSchemes = new LinkedHashSet<>();
        published.path("security").forEach(r -> r.fieldNames().forEachRemaining(usedSchemes::add));
        for (Iterator<Map.Entry<String, JsonNode>> it = published.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            ObjectNode kept = JsonNodeFactory.instance.objectNode();
            boolean any = false;
            for (Iterator<Map.Entry<String, JsonNode>> fields = path.getValue().fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!METHODS.contains(field.getKey())) {
                    kept.set(field.getKey(), field.getValue().deepCopy());
                    continue;
                }
                JsonNode operation = field.getValue();
                Set<String> tags = new LinkedHashSet<>();
                operation.path("tags").forEach(t -> tags.add(t.asText()));
                if (tags.stream().anyMatch(page.tags()::contains)) {
                    ObjectNode op = operation.deepCopy();
                    op.remove("servers");
                    kept.set(field.getKey(), op);
                    usedTags.addAll(tags);
                    operation.path("security").forEach(r -> r.fieldNames().forEachRemaining(usedSchemes::add));
                    any = true;
                }
            }
            if (any) {
                kept.remove("servers");
                paths.set(path.getKey(), kept);
            }
        }
        doc.set("paths", paths);
        ArrayNode servers = doc.putArray("servers");
        servers.addObject().put("url", "/").put("description", "this site: the platform's HTTPS entry");
        ArrayNode tags = JsonNodeFactory.instance.arrayNode();
        published.path("tags").forEach(t -> {
            if (usedTags.contains(t.path("name").asText())) {
                tags.add(t.deepCopy());
            }
        });
        doc.set("tags", tags);
        doc.remove("webhooks");
        ObjectNode info = object(doc, "info");
        info.put("title", page.title());
        String description = published.path("info").path("description").asText("");
        info.put("description", (description.isEmpty() ? "" : description + "\n\n")
                + "Requests go to this site over HTTPS with an OAuth2 access token (client credentials at "
                + "`POST /oauth2/token`) that carries the scope " + page.scopes() + ".");
        doc.set("components", components(published.path("components"), paths, usedSchemes));
        return doc;
    }

    /** The components the kept operations refer to, transitively, and the security schemes they name. */
    private static ObjectNode components(JsonNode all, JsonNode paths, Set<String> schemes) {
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.add(paths);
        Set<String> seen = new LinkedHashSet<>();
        while (!pending.isEmpty()) {
            for (String ref : refs(pending.pop())) {
                if (!ref.startsWith("#/components/") || !seen.add(ref)) {
                    continue;
                }
                String[] parts = ref.substring("#/components/".length()).split("/", 2);
                if (parts.length < 2) {
                    continue;
                }
                String name = parts[1].replace("~1", "/").replace("~0", "~");
                JsonNode target = all.path(parts[0]).path(name);
                if (!target.isMissingNode()) {
                    object(kept, parts[0]).set(name, target.deepCopy());
                    pending.add(target);
                }
            }
        }
        for (String scheme : schemes) {
            JsonNode target = all.path("securitySchemes").path(scheme);
            if (!target.isMissingNode()) {
                object(kept, "securitySchemes").set(scheme, target.deepCopy());
            }
        }
        return kept;
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode existing = parent.get(field);
        return existing instanceof ObjectNode o ? o : parent.putObject(field);
    }

    private static Set<String> refs(JsonNode node) {
        Set<String> refs = new LinkedHashSet<>();
        Deque<JsonNode> stack = new ArrayDeque<>();
        stack.push(node);
        while (!stack.isEmpty()) {
            JsonNode n = stack.pop();
            if (n.isObject()) {
                JsonNode ref = n.get("$ref");
                if (ref != null && ref.isTextual()) {
                    refs.add(ref.asText());
                }
                n.elements().forEachRemaining(stack::push);
            } else if (n.isArray()) {
                n.elements().forEachRemaining(stack::push);
            }
        }
        return refs;
    }
}
