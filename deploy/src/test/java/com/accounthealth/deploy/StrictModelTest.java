package com.accounthealth.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The validation the overlay tests rely on does reject what it should: a misspelled field, a wrong type, an unknown kind. */
class StrictModelTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: sample}
            spec:
              selector: {matchLabels: {app: sample}}
              template:
                metadata: {labels: {app: sample}}
                spec:
                  containers:
                    - name: sample
                      image: sample:1.0
                      readinessProbe: {httpGet: {path: /q/health/ready, port: http}}
            """;

    @Test
    void aValidDeploymentParses() {
        Object parsed = StrictModel.parse(yaml(DEPLOYMENT));

        assertThat(parsed).isInstanceOfSatisfying(Deployment.class, d -> assertThat(
                d.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe().getHttpGet().getPath())
                .isEqualTo("/q/health/ready"));
    }

    @Test
    void aMisspelledFieldDeepInACoreObjectFails() {
        String misspelled = DEPLOYMENT.replace("readinessProbe", "readinesProbe");

        assertThatThrownBy(() -> StrictModel.parse(yaml(misspelled)))
                .hasMessageContaining("readinesProbe").hasMessageContaining("Deployment sample");
    }

    @Test
    void aValueOfTheWrongTypeFails() {
        String wrongType = DEPLOYMENT.replace("  selector:", "  replicas: two\n  selector:");

        assertThatThrownBy(() -> StrictModel.parse(yaml(wrongType))).hasMessageContaining("does not match its schema");
    }

    @Test
    void aMisspelledFieldInAStrimziResourceFails() {
        String topic = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: account-events}
                spec: {partitions: 6, replicas: 3}
                """;
        assertThat(StrictModel.parse(yaml(topic))).isInstanceOf(KafkaTopic.class);

        assertThatThrownBy(() -> StrictModel.parse(yaml(topic.replace("replicas", "replication"))))
                .hasMessageContaining("replication");
    }

    @Test
    void aMisspelledFieldInAKedaResourceFails() {
        String scaledObject = """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: health-score-service}
                spec:
                  scaleTargetRef: {name: health-score-service}
                  maxReplicas: 6
                """;

        assertThatThrownBy(() -> StrictModel.parse(yaml(scaledObject))).hasMessageContaining("maxReplicas");
    }

    @Test
    void aKindWithoutAKnownSchemaFails() {
        String unknown = """
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                """;

        assertThatThrownBy(() -> StrictModel.parse(yaml(unknown))).hasMessageContaining("no schema is known");
    }

    private static JsonNode yaml(String text) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
