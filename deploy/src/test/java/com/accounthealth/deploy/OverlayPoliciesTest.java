package com.accounthealth.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every overlay, rendered with kubectl kustomize and parsed strictly, follows the deployment's policies: the
 * services' pods are locked down, sized, pinned, disruption-budgeted and autoscaled, and no secret is committed.
 */
class OverlayPoliciesTest {

    /** Names of environment variables and ConfigMap keys that would carry a credential. */
    private static final Pattern CREDENTIAL = Pattern.compile("(?i).*(password|secret|jaas|token|credential|private).*");

    static List<Path> overlays() {
        return Kustomize.overlays();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void rendersAndEveryObjectMatchesItsSchema(Path overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);

        assertThat(rendered.objects()).as("objects rendered by %s", overlay).hasSameSizeAs(rendered.raw()).isNotEmpty();
        assertThat(rendered.all(Deployment.class)).extracting(RenderedOverlay::nameOf)
                .as("Deployments of %s: one per service", overlay)
                .containsExactlyInAnyOrderElementsOf(Repository.services());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everythingLandsInTheOverlaysNamespace(Path overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<Namespace> namespaces = rendered.all(Namespace.class);
        assertThat(namespaces).as("Namespaces %s creates", overlay).hasSize(1);
        String namespace = namespaces.get(0).getMetadata().getName();
        assertThat(namespaces.get(0).getMetadata().getLabels()).as("Pod Security admission of %s", namespace)
                .containsKey("pod-security.kubernetes.io/enforce");
        rendered.raw().stream().filter(o -> !o.path("kind").asText().equals("Namespace")).forEach(o ->
                assertThat(o.path("metadata").path("namespace").asText())
                        .as("namespace of %s %s", o.path("kind").asText(), o.path("metadata").path("name").asText())
                        .isEqualTo(namespace));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void noSecretIsCommitted(Path overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);

        assertThat(rendered.all(Secret.class)).as("Secrets rendered by %s (they are referenced, never committed)", overlay)
                .isEmpty();
        for (ConfigMap configMap : rendered.all(ConfigMap.class)) {
            assertThat(configMap.getData().keySet()).as("keys of ConfigMap %s", RenderedOverlay.nameOf(configMap))
                    .noneMatch(key -> CREDENTIAL.matcher(key).matches());
            assertThat(configMap.getData().values()).as("values of ConfigMap %s", RenderedOverlay.nameOf(configMap))
                    .noneMatch(value -> value.toLowerCase().contains("password="));
        }
        for (Deployment deployment : rendered.all(Deployment.class)) {
            for (Container container : containers(deployment)) {
                for (EnvVar env : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
                    if (CREDENTIAL.matcher(env.getName()).matches()) {
                        assertThat(env.getValueFrom()).as("%s: %s comes from a Secret", container.getName(), env.getName())
                                .isNotNull();
                        assertThat(env.getValueFrom().getSecretKeyRef()).as("%s: %s", container.getName(), env.getName())
                                .isNotNull();
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void imagesArePinned(Path overlay) {
        for (Deployment deployment : RenderedOverlay.of(overlay).all(Deployment.class)) {
            for (Container container : containers(deployment)) {
                String image = container.getImage();
                String tag = image.contains("@") ? "digest" : image.substring(image.lastIndexOf('/') + 1).contains(":")
                        ? image.substring(image.lastIndexOf(':') + 1) : "";
                assertThat(tag).as("%s: image %s names a version (tag or digest), not latest", container.getName(), image)
                        .isNotEmpty().isNotEqualTo("latest");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void podsRunLockedDown(Path overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        for (Deployment deployment : rendered.all(Deployment.class)) {
            String name = RenderedOverlay.nameOf(deployment);
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("%s: runAsNonRoot", name).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as("%s: runAsUser", name).isNotNull().isNotZero();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as("%s: seccomp", name)
                    .isEqualTo("RuntimeDefault");
            assertThat(pod.getHostNetwork()).as("%s: hostNetwork", name).isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getAutomountServiceAccountToken()).as("%s: automountServiceAccountToken", name).isFalse();
            assertThat(pod.getServiceAccountName()).as("%s: a service account of its own", name).isEqualTo(name);
            assertThat(rendered.require(ServiceAccount.class, name).getAutomountServiceAccountToken())
                    .as("ServiceAccount %s: automountServiceAccountToken", name).isFalse();

            for (Container container : containers(deployment)) {
                var security = container.getSecurityContext();
                assertThat(security).as("%s: container securityContext", name).isNotNull();
                assertThat(security.getAllowPrivilegeEscalation()).as("%s: allowPrivilegeEscalation", name).isFalse();
                assertThat(security.getPrivileged()).as("%s: privileged", name).isNotEqualTo(Boolean.TRUE);
                assertThat(security.getReadOnlyRootFilesystem()).as("%s: readOnlyRootFilesystem", name).isTrue();
                assertThat(security.getCapabilities().getDrop()).as("%s: capabilities dropped", name).containsExactly("ALL");
                assertThat(security.getCapabilities().getAdd()).as("%s: capabilities added", name).isNullOrEmpty();
                VolumeMount tmp = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                        .findFirst().orElseThrow(() -> new AssertionError(name + ": no volume on /tmp"));
                Volume tmpVolume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmp.getName())).findFirst()
                        .orElseThrow(() -> new AssertionError(name + ": no volume " + tmp.getName()));
                assertThat(tmpVolume.getEmptyDir()).as("%s: /tmp is an emptyDir", name).isNotNull();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyContainerHasRequestsAndLimits(Path overlay) {
        for (Deployment deployment : RenderedOverlay.of(overlay).all(Deployment.class)) {
            for (Container container : containers(deployment)) {
                Map<String, Quantity> requests = container.getResources().getRequests();
                Map<String, Quantity> limits = container.getResources().getLimits();
                assertThat(requests).as("%s: requests", container.getName()).containsKeys("cpu", "memory");
                assertThat(limits).as("%s: limits", container.getName()).containsKeys("cpu", "memory");
                assertThat(Quantity.getAmountInBytes(requests.get("memory")))
                        .as("%s: memory request within the limit", container.getName())
                        .isLessThanOrEqualTo(Quantity.getAmountInBytes(limits.get("memory")));
                assertThat(Quantity.getAmountInBytes(requests.get("cpu")))
                        .as("%s: cpu request within the limit", container.getName())
                        .isLessThanOrEqualTo(Quantity.getAmountInBytes(limits.get("cpu")));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyServiceHasADisruptionBudgetAndExactlyOneAutoscaler(Path overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        for (Deployment deployment : rendered.all(Deployment.class)) {
            String name = RenderedOverlay.nameOf(deployment);
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(deployment.getSpec().getReplicas()).as("%s: replicas left to its autoscaler", name).isNull();

            List<PodDisruptionBudget> budgets = rendered.all(PodDisruptionBudget.class).stream()
                    .filter(pdb -> podLabels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()))
                    .toList();
            assertThat(budgets).as("%s: PodDisruptionBudgets selecting its pods", name).hasSize(1);

            List<HorizontalPodAutoscaler> hpas = rendered.all(HorizontalPodAutoscaler.class).stream()
                    .filter(h -> h.getSpec().getScaleTargetRef().getKind().equals("Deployment")
                            && h.getSpec().getScaleTargetRef().getName().equals(name))
                    .toList();
            List<Keda.ScaledObject> scaledObjects = rendered.all(Keda.ScaledObject.class).stream()
                    .filter(s -> s.spec().scaleTargetRef().name().equals(name))
                    .toList();
            assertThat(hpas.size() + scaledObjects.size()).as("%s: autoscalers", name).isEqualTo(1);

            if (ServiceConfig.of(name).consumesTopics()) {
                assertThat(scaledObjects).as("%s consumes Kafka: scaled by KEDA on its consumer lag", name).hasSize(1);
                assertThat(scaledObjects.get(0).spec().triggers()).extracting(Keda.Trigger::type).containsExactly("kafka");
            } else {
                assertThat(hpas).as("%s: a writer scaled on CPU", name).hasSize(1);
                assertThat(hpas.get(0).getSpec().getMetrics())
                        .anySatisfy(m -> assertThat(m.getResource().getName()).isEqualTo("cpu"));
                assertThat(hpas.get(0).getSpec().getMinReplicas()).isLessThanOrEqualTo(hpas.get(0).getSpec().getMaxReplicas());
            }
        }
    }

    static List<Container> containers(Deployment deployment) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        return Stream.concat(pod.getContainers().stream(),
                Optional.ofNullable(pod.getInitContainers()).orElse(List.of()).stream()).toList();
    }
}
