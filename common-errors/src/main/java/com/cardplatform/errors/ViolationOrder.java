package com.cardplatform.errors;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.lang.reflect.Field;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bean Validation reports violations as an unordered set; the D1 and Citi documents want "the first field in
 * error". First means: lowest method parameter index, then the field declared first in its class.
 */
final class ViolationOrder {

    private static final Map<Class<?>, Field[]> FIELDS = new ConcurrentHashMap<>();

    private ViolationOrder() {
    }

    static ConstraintViolation<?> first(Set<? extends ConstraintViolation<?>> violations) {
        return violations.stream()
                .min(Comparator.<ConstraintViolation<?>>comparingInt(ViolationOrder::parameterIndex)
                        .thenComparingInt(ViolationOrder::fieldIndex)
                        .thenComparing(v -> v.getPropertyPath().toString()))
                .orElse(null);
    }

    /**
     * The wire name of the field in error: the JSON name of a body field, or the name of a parameter. Only a body
     * field is looked up among the declared fields of its class (a request body type, which Quarkus registers for
     * reflection in a native executable); a parameter is named as it is, without reflection over the resource.
     */
    static String fieldName(ConstraintViolation<?> violation) {
        String name = null;
        ElementKind kind = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.PARAMETER) {
                name = node.getName();
                kind = node.getKind();
            }
        }
        if (name == null) {
            return "body";
        }
        if (kind == ElementKind.PARAMETER) {
            return name;
        }
        Object leaf = violation.getLeafBean();
        if (leaf != null) {
            Field field = declared(leaf.getClass(), name);
            JsonProperty json = field == null ? null : field.getAnnotation(JsonProperty.class);
            if (json != null && !json.value().isEmpty()) {
                return json.value();
            }
        }
        return name;
    }

    private static int parameterIndex(ConstraintViolation<?> violation) {
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                return node.as(Path.ParameterNode.class).getParameterIndex();
            }
        }
        return 0;
    }

    private static int fieldIndex(ConstraintViolation<?> violation) {
        Object leaf = violation.getLeafBean();
        String name = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY) {
                name = node.getName();
            }
        }
        if (leaf == null || name == null) {
            return 0;
        }
        Field[] fields = FIELDS.computeIfAbsent(leaf.getClass(), Class::getDeclaredFields);
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].getName().equals(name)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static Field declared(Class<?> type, String name) {
        for (Field f : FIELDS.computeIfAbsent(type, Class::getDeclaredFields)) {
            if (f.getName().equals(name)) {
                return f;
            }
        }
        return null;
    }
}
