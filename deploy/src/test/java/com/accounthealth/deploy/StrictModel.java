package com.accounthealth.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Strict parsing of rendered objects into the Java models of their schemas: fabric8's Kubernetes model for core
 * objects and the ServiceMonitor, Strimzi's own API model for its resources, and records for KEDA and CloudNativePG
 * (see {@link Keda}, {@link CloudNativePg}). Those models keep unknown fields aside (in "additionalProperties")
 * instead of failing, so after parsing every object is walked and any field kept aside is an error, with its path.
 */
final class StrictModel {

    /** Every kind deploy/ may render, by apiVersion and kind. Anything else is an error, so nothing goes unchecked. */
    static final Map<String, Class<?>> KINDS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class),
            Map.entry("keda.sh/v1alpha1/ScaledObject", Keda.ScaledObject.class),
            Map.entry("keda.sh/v1alpha1/TriggerAuthentication", Keda.TriggerAuthentication.class),
            Map.entry("postgresql.cnpg.io/v1/Cluster", CloudNativePg.Cluster.class),
            Map.entry("postgresql.cnpg.io/v1/Database", CloudNativePg.Database.class));

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private StrictModel() {
    }

    /** The object as its model class; an unknown kind, an unknown or misspelled field or a wrong type fails. */
    static Object parse(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        String name = object.path("metadata").path("name").asText();
        Class<?> type = KINDS.get(apiVersion + "/" + kind);
        if (type == null) {
            throw new AssertionError(apiVersion + " " + kind + " " + name + ": no schema is known for this kind,"
                    + " so it cannot be validated (add its model to StrictModel.KINDS)");
        }
        String what = apiVersion + " " + kind + " " + name;
        Object parsed = parse(object, type, what);
        checkFreeFormParts(parsed, what);
        return parsed;
    }

    /** Parts a CRD types as a plain map of strings, checked against what the operator documents for them. */
    private static void checkFreeFormParts(Object parsed, String what) {
        if (parsed instanceof Keda.ScaledObject scaledObject) {
            for (Keda.Trigger trigger : scaledObject.spec().triggers()) {
                if (!trigger.type().equals("kafka")) {
                    throw new AssertionError(what + ": trigger type " + trigger.type() + " has no known schema here");
                }
                convert(trigger.metadata(), Keda.KafkaTriggerMetadata.class, what + " kafka trigger metadata");
            }
        }
        if (parsed instanceof Keda.TriggerAuthentication auth) {
            Stream.concat(
                            Optional.ofNullable(auth.spec().secretTargetRef()).orElse(List.of()).stream(),
                            Optional.ofNullable(auth.spec().configMapTargetRef()).orElse(List.of()).stream())
                    .filter(ref -> !Keda.KAFKA_AUTHENTICATION_PARAMETERS.contains(ref.parameter()))
                    .forEach(ref -> {
                        throw new AssertionError(what + ": " + ref.parameter() + " is no parameter of the kafka scaler");
                    });
        }
    }

    static <T> T parse(JsonNode node, Class<T> type, String what) {
        T parsed;
        try {
            parsed = MAPPER.treeToValue(node, type);
        } catch (Exception e) {
            throw new AssertionError(what + " does not match its schema: " + e.getMessage(), e);
        }
        List<String> unknown = new ArrayList<>();
        walk(parsed, "", unknown, Collections.newSetFromMap(new IdentityHashMap<>()));
        if (!unknown.isEmpty()) {
            throw new AssertionError(what + " has fields its schema does not know: " + unknown);
        }
        return parsed;
    }

    static <T> T convert(Object value, Class<T> type, String what) {
        return parse(MAPPER.valueToTree(value), type, what);
    }

    private static void walk(Object value, String path, List<String> unknown, Set<Object> seen) {
        if (value == null || isLeaf(value.getClass()) || !seen.add(value)) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, unknown, seen));
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties") && fieldValue instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                } else {
                    walk(fieldValue, path + "." + field.getName(), unknown, seen);
                }
            }
        }
    }

    private static boolean isLeaf(Class<?> type) {
        return type.isPrimitive() || type.isEnum() || type == String.class || Number.class.isAssignableFrom(type)
                || type == Boolean.class || type == Character.class || type.getName().startsWith("java.time.");
    }
}
