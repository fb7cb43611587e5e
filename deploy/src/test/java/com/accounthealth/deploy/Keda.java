package com.accounthealth.deploy;

import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.List;
import java.util.Map;

/**
 * KEDA's custom resources (keda.sh/v1alpha1), as far as deploy/ uses them. No Java model of them is published on
 * Maven Central, so these records hold the fields of KEDA's documented schema that the manifests use; parsed with
 * unknown properties failing, any other field (or a misspelling) is an error.
 */
final class Keda {

    private Keda() {
    }

    record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, ScaledObjectSpec spec) {
    }

    record ScaledObjectSpec(ScaleTargetRef scaleTargetRef, Integer pollingInterval, Integer cooldownPeriod,
                            Integer initialCooldownPeriod, Integer idleReplicaCount, Integer minReplicaCount,
                            Integer maxReplicaCount, List<Trigger> triggers) {
    }

    record ScaleTargetRef(String apiVersion, String kind, String name, String envSourceContainerName) {
    }

    record Trigger(String type, String name, Map<String, String> metadata, AuthenticationRef authenticationRef,
                   String metricType, Boolean useCachedMetrics) {
    }

    /** The kafka scaler's trigger metadata (its documented parameters; values are strings in KEDA). */
    record KafkaTriggerMetadata(String bootstrapServers, String consumerGroup, String topic, String lagThreshold,
                                String activationLagThreshold, String offsetResetPolicy, String allowIdleConsumers,
                                String scaleToZeroOnInvalidOffset, String excludePersistentLag,
                                String limitToPartitionsWithLag, String partitionLimitation, String sasl, String tls,
                                String unsafeSsl, String version) {
    }

    record AuthenticationRef(String name, String kind) {
    }

    record TriggerAuthentication(String apiVersion, String kind, ObjectMeta metadata, TriggerAuthenticationSpec spec) {
    }

    record TriggerAuthenticationSpec(List<TargetRef> secretTargetRef, List<TargetRef> configMapTargetRef) {
    }

    record TargetRef(String parameter, String name, String key) {
    }

    /** The kafka scaler's authentication parameters (KEDA documentation, "Authentication Parameters"). */
    static final List<String> KAFKA_AUTHENTICATION_PARAMETERS =
            List.of("sasl", "username", "password", "tls", "ca", "cert", "key", "keyPassword", "unsafeSsl");
}
