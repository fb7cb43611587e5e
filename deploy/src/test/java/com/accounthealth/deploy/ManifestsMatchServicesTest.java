package com.accounthealth.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.StrimziAclOperation;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ports, probe paths, configuration keys, topics, consumer group, databases and secrets in every overlay are the ones
 * the services actually use: read from each service's application.properties and code (see {@link ServiceConfig}),
 * not from a second list kept here.
 */
class ManifestsMatchServicesTest {

    /**
     * How long each background worker is waited for at shutdown: OutboxRelay.stop and EventIngest.stop join their
     * thread for at most 30 s (the batch in hand finishes and commits; closing the Kafka client is part of it).
     */
    private static final Duration WORKER_STOP_BUDGET = Duration.ofSeconds(30);
    /** health-score's re-score workers are waited for at most 10 s together (RescoringThePortfolio.STOP_BUDGET). */
    private static final Duration RESCORE_STOP_BUDGET = Duration.ofSeconds(10);

    static List<Path> overlays() {
        return Kustomize.overlays();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void portsAndProbesAreTheServicesOwn(Path overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        for (Deployment deployment : rendered.all(Deployment.class)) {
            ServiceConfig config = ServiceConfig.of(RenderedOverlay.nameOf(deployment));
            Container container = appContainer(deployment);
            String name = config.name();

            assertThat(container.getPorts()).as("%s: container ports", name).extracting(ContainerPort::getContainerPort)
                    .containsExactly(config.httpPort());
            String portName = container.getPorts().get(0).getName();

            assertProbe(name + " startupProbe", container.getStartupProbe(), config.startupPath(), config.httpPort(), portName);
            assertProbe(name + " livenessProbe", container.getLivenessProbe(), config.livenessPath(), config.httpPort(), portName);
            assertProbe(name + " readinessProbe", container.getReadinessProbe(), config.readinessPath(), config.httpPort(), portName);
            if (config.has("kafka.bootstrap.servers")) {
                assertThat(config.get("quarkus.kafka.health.enabled"))
                        .as("%s: readiness does not follow the broker (a Kafka outage must not become an API outage)", name)
                        .isEqualTo("false");
            }

            Service service = rendered.require(Service.class, name);
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet())
                    .as("Service %s selects the pods", name).containsAll(service.getSpec().getSelector().entrySet());
            for (ServicePort port : service.getSpec().getPorts()) {
                assertThat(targets(port.getTargetPort(), config.httpPort(), portName))
                        .as("Service %s port %s reaches the HTTP port %d", name, port.getName(), config.httpPort()).isTrue();
            }

            List<NetworkPolicy> policies = rendered.all(NetworkPolicy.class).stream()
                    .filter(p -> deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                            .containsAll(p.getSpec().getPodSelector().getMatchLabels().entrySet()))
                    .toList();
            assertThat(policies).as("%s: NetworkPolicies for its pods", name).isNotEmpty();
            for (NetworkPolicy policy : policies) {
                assertThat(policy.getSpec().getPolicyTypes()).as("NetworkPolicy %s", RenderedOverlay.nameOf(policy))
                        .contains("Ingress");
                policy.getSpec().getIngress().forEach(rule -> {
                    assertThat(rule.getPorts()).as("NetworkPolicy %s names the ports it opens", RenderedOverlay.nameOf(policy))
                            .isNotEmpty();
                    for (NetworkPolicyPort port : rule.getPorts()) {
                        assertThat(targets(port.getPort(), config.httpPort(), portName))
                                .as("NetworkPolicy %s opens only the HTTP port %d", RenderedOverlay.nameOf(policy),
                                        config.httpPort()).isTrue();
                    }
                });
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void environmentVariablesSetRealConfigurationKeys(Path overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        Set<String> kafkaClientVariables = Stream.of(ProducerConfig.configNames(), ConsumerConfig.configNames(),
                        AdminClientConfig.configNames())
                .flatMap(Set::stream)
                .map(name -> ServiceConfig.environmentVariableOf("kafka." + name))
                .collect(Collectors.toSet());
        for (Deployment deployment : rendered.all(Deployment.class)) {
            ServiceConfig config = ServiceConfig.of(RenderedOverlay.nameOf(deployment));
            Set<String> known = new HashSet<>(config.environmentVariables());
            known.addAll(kafkaClientVariables);

            Set<String> variables = new TreeSet<>();
            Container container = appContainer(deployment);
            Optional.ofNullable(container.getEnv()).orElse(List.of()).forEach(env -> variables.add(env.getName()));
            for (EnvFromSource source : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
                assertThat(source.getSecretRef()).as("%s: envFrom a Secret hides which keys it sets", config.name()).isNull();
                ConfigMap configMap = rendered.require(ConfigMap.class, source.getConfigMapRef().getName());
                variables.addAll(configMap.getData().keySet());
            }

            assertThat(variables).as("%s: environment variables", config.name()).isNotEmpty();
            assertThat(known).as("%s: every environment variable overrides a key of its application.properties"
                    + " or a Kafka client setting (kafka.*)", config.name()).containsAll(variables);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void gracefulShutdownOutlastsTheBatchInHand(Path overlay) {
        for (Deployment deployment : RenderedOverlay.of(overlay).all(Deployment.class)) {
            ServiceConfig config = ServiceConfig.of(RenderedOverlay.nameOf(deployment));
            Container container = appContainer(deployment);
            long preStop = Optional.ofNullable(container.getLifecycle()).map(l -> l.getPreStop())
                    .map(h -> h.getSleep() == null ? 0L : h.getSleep().getSeconds()).orElse(0L);
            int workers = (config.runsOutboxRelay() ? 1 : 0) + (config.consumesTopics() ? 1 : 0);
            Duration needed = Duration.ofSeconds(preStop).plus(config.shutdownTimeout())
                    .plus(WORKER_STOP_BUDGET.multipliedBy(workers))
                    .plus(config.consumesTopics() ? RESCORE_STOP_BUDGET : Duration.ZERO);

            assertThat(config.shutdownTimeout()).as("%s: quarkus.shutdown.timeout lets requests in flight finish",
                    config.name()).isPositive();
            assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                    .as("%s: terminationGracePeriodSeconds covers preStop %d s + quarkus.shutdown.timeout %s + %d worker(s)"
                            + " x %s (+ re-score %s)", config.name(), preStop, config.shutdownTimeout(), workers,
                            WORKER_STOP_BUDGET, RESCORE_STOP_BUDGET)
                    .isGreaterThan(needed.toSeconds());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void kafkaTopicsAreTheTopicsTheServicesUse(Path overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<KafkaTopic> topics = rendered.all(KafkaTopic.class);
        if (topics.isEmpty()) {
            return; // this overlay brings its own Kafka
        }
        Set<String> published = new TreeSet<>();
        Set<String> consumed = new TreeSet<>();
        Set<String> deadLetters = new TreeSet<>();
        ServiceConfig consumer = null;
        for (String service : Repository.services()) {
            ServiceConfig config = ServiceConfig.of(service);
            published.addAll(config.publishedTopics());
            if (config.consumesTopics()) {
                consumed.addAll(config.ingestTopics());
                deadLetters.add(config.deadLetterTopic());
                consumer = config;
            }
        }
        assertThat(published).as("topics the services publish to").containsAll(consumed);
        Set<String> used = new TreeSet<>(published);
        used.addAll(deadLetters);

        Map<String, KafkaTopic> byName = new TreeMap<>();
        topics.forEach(t -> byName.put(topicName(t), t));
        assertThat(byName.keySet()).as("KafkaTopics of %s", overlay).containsExactlyInAnyOrderElementsOf(used);

        Set<String> topicSettings = topicConfigNames();
        for (KafkaTopic topic : topics) {
            String name = topicName(topic);
            assertThat(topic.getSpec().getReplicas()).as("%s: replicas", name).isEqualTo(3);
            assertThat(topic.getSpec().getConfig()).as("%s: config", name)
                    .containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, 2)
                    .containsKey(TopicConfig.RETENTION_MS_CONFIG);
            assertThat(topicSettings).as("%s: every setting is a Kafka topic setting", name)
                    .containsAll(topic.getSpec().getConfig().keySet());
        }

        Set<Integer> ingestPartitions = consumed.stream().map(t -> byName.get(t).getSpec().getPartitions())
                .collect(Collectors.toSet());
        assertThat(ingestPartitions).as("partitions of %s (one count, so an account's facts share a partition number)",
                consumed).hasSize(1);
        int partitions = ingestPartitions.iterator().next();

        Keda.ScaledObject scaledObject = rendered.require(Keda.ScaledObject.class, consumer.name());
        assertThat(scaledObject.spec().maxReplicaCount()).as("%s: maxReplicaCount at most the partitions", consumer.name())
                .isLessThanOrEqualTo(partitions);
        assertThat(scaledObject.spec().minReplicaCount()).isLessThanOrEqualTo(scaledObject.spec().maxReplicaCount());
        Keda.KafkaTriggerMetadata trigger = StrictModel.convert(scaledObject.spec().triggers().get(0).metadata(),
                Keda.KafkaTriggerMetadata.class, "ScaledObject " + consumer.name() + " kafka trigger metadata");
        assertThat(trigger.consumerGroup()).as("the group KEDA measures").isEqualTo(consumer.ingestGroupId());
        assertThat(trigger.topic() == null || consumed.contains(trigger.topic())).as("trigger topic").isTrue();
        assertThat(trigger.allowIdleConsumers()).as("no replicas beyond the partitions").isNotEqualTo("true");
        assertThat(trigger.bootstrapServers()).as("KEDA asks the brokers the service uses")
                .isEqualTo(configValue(rendered, consumer.name(), "KAFKA_BOOTSTRAP_SERVERS"));

        Keda.TriggerAuthentication auth = rendered.require(Keda.TriggerAuthentication.class,
                scaledObject.spec().triggers().get(0).authenticationRef().name());
        Optional.ofNullable(auth.spec().configMapTargetRef()).orElse(List.of()).forEach(ref ->
                assertThat(rendered.require(ConfigMap.class, ref.name()).getData()).containsKey(ref.key()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void kafkaUsersMayDoWhatTheirServiceDoesAndNoMore(Path overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<Kafka> clusters = rendered.all(Kafka.class);
        if (clusters.isEmpty()) {
            return; // this overlay brings its own Kafka
        }
        assertThat(clusters).hasSize(1);
        Kafka kafka = clusters.get(0);
        String secretPrefix = Optional.ofNullable(kafka.getSpec().getEntityOperator().getUserOperator().getSecretPrefix())
                .orElse("");
        Set<String> topicNames = rendered.all(KafkaTopic.class).stream().map(ManifestsMatchServicesTest::topicName)
                .collect(Collectors.toSet());

        for (String service : Repository.services()) {
            ServiceConfig config = ServiceConfig.of(service);
            if (!config.has("kafka.bootstrap.servers")) {
                continue; // the workspace uses no Kafka
            }
            Deployment deployment = rendered.require(Deployment.class, service);

            String bootstrap = configValue(rendered, service, "KAFKA_BOOTSTRAP_SERVERS");
            GenericKafkaListener listener = kafka.getSpec().getKafka().getListeners().stream()
                    .filter(l -> bootstrap.equals(RenderedOverlay.nameOf(kafka) + "-kafka-bootstrap:" + l.getPort()))
                    .findFirst().orElseThrow(() -> new AssertionError(service + ": KAFKA_BOOTSTRAP_SERVERS " + bootstrap
                            + " is no listener of Kafka " + RenderedOverlay.nameOf(kafka)));
            assertThat(configValue(rendered, service, "KAFKA_SECURITY_PROTOCOL"))
                    .isEqualTo(listener.isTls() ? "SASL_SSL" : "SASL_PLAINTEXT");
            assertThat(listener.getAuth()).isInstanceOf(KafkaListenerAuthenticationScramSha512.class);
            assertThat(configValue(rendered, service, "KAFKA_SASL_MECHANISM")).isEqualTo("SCRAM-SHA-512");

            KafkaUser user = rendered.require(KafkaUser.class, service);
            EnvVar jaas = appContainer(deployment).getEnv().stream().filter(e -> e.getName().equals("KAFKA_SASL_JAAS_CONFIG"))
                    .findFirst().orElseThrow(() -> new AssertionError(service + ": no KAFKA_SASL_JAAS_CONFIG"));
            assertThat(jaas.getValueFrom().getSecretKeyRef().getName())
                    .as("%s: the Secret the User Operator writes for KafkaUser %s", service, service)
                    .isEqualTo(secretPrefix + RenderedOverlay.nameOf(user));
            assertThat(jaas.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("sasl.jaas.config");

            Map<String, Set<String>> allowed = allowedOperations(user);
            Map<String, Set<String>> needed = new TreeMap<>();
            config.publishedTopics().forEach(t -> needed.put("topic:" + t, Set.of("Write", "Describe")));
            if (config.consumesTopics()) {
                config.ingestTopics().forEach(t -> needed.put("topic:" + t, Set.of("Read", "Describe")));
                needed.put("group:" + config.ingestGroupId(), Set.of("Read", "Describe"));
                needed.put("topic:" + config.deadLetterTopic(), Set.of("Write", "Describe"));
            }
            assertThat(allowed).as("ACLs of KafkaUser %s: exactly what the service does", service).isEqualTo(needed);
            allowed.keySet().stream().filter(r -> r.startsWith("topic:"))
                    .forEach(r -> assertThat(topicNames).contains(r.substring("topic:".length())));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void databasesAndRolesAreTheServicesOwn(Path overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<CloudNativePg.Cluster> clusters = rendered.all(CloudNativePg.Cluster.class);
        if (clusters.isEmpty()) {
            return; // this overlay brings its own PostgreSQL
        }
        assertThat(clusters).hasSize(1);
        CloudNativePg.Cluster cluster = clusters.get(0);
        Map<String, CloudNativePg.Role> roles = new TreeMap<>();
        cluster.spec().managed().roles().forEach(r -> roles.put(r.name(), r));

        for (String service : Repository.services()) {
            ServiceConfig config = ServiceConfig.of(service);
            if (!config.has("quarkus.datasource.jdbc.url")) {
                continue; // the workspace keeps no data of its own
            }
            String url = configValue(rendered, service, "QUARKUS_DATASOURCE_JDBC_URL");
            assertThat(url).as("%s: the JDBC URL names the cluster's read-write Service", service)
                    .startsWith("jdbc:postgresql://" + cluster.metadata().getName() + "-rw:5432/");
            assertThat(ServiceConfig.databaseNameOf(url)).as("%s: its own database", service).isEqualTo(config.databaseName());

            CloudNativePg.Database database = rendered.all(CloudNativePg.Database.class).stream()
                    .filter(d -> d.spec().name().equals(config.databaseName())).findFirst()
                    .orElseThrow(() -> new AssertionError("No Database " + config.databaseName() + " for " + service));
            assertThat(database.spec().cluster().name()).isEqualTo(cluster.metadata().getName());
            CloudNativePg.Role owner = roles.get(database.spec().owner());
            assertThat(owner).as("%s: the owner of %s is a managed role", service, config.databaseName()).isNotNull();
            assertThat(owner.login()).isTrue();

            Container container = appContainer(rendered.require(Deployment.class, service));
            for (String variable : List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")) {
                EnvVar env = container.getEnv().stream().filter(e -> e.getName().equals(variable)).findFirst()
                        .orElseThrow(() -> new AssertionError(service + ": no " + variable));
                assertThat(env.getValueFrom().getSecretKeyRef().getName())
                        .as("%s: %s comes from the Secret holding its role's password", service, variable)
                        .isEqualTo(owner.passwordSecret().name());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theDatabaseConfirmsEveryCommitOnAStandbyAndEndsSilentSessions(Path overlay) {
        List<CloudNativePg.Cluster> clusters = RenderedOverlay.of(overlay).all(CloudNativePg.Cluster.class);
        for (CloudNativePg.Cluster cluster : clusters) {
            var postgres = cluster.spec().postgresql();
            if (cluster.spec().instances() > 1) {
                assertThat(postgres.synchronous()).as("%s: synchronous replication", overlay).isNotNull();
                assertThat(postgres.synchronous().method()).isIn("any", "first");
                assertThat(postgres.synchronous().number()).as("synchronous standbys")
                        .isBetween(1, cluster.spec().instances() - 2); // one standby may be down without stopping writes
                assertThat(postgres.synchronous().dataDurability()).as("a commit waits for its standby")
                        .isIn(null, "required");
            } else {
                assertThat(postgres.synchronous()).as("%s: one instance cannot wait for a standby", overlay).isNull();
            }
            assertThat(postgres.parameters()).containsKeys("idle_in_transaction_session_timeout", "tcp_keepalives_idle",
                    "tcp_keepalives_interval", "tcp_keepalives_count");
            long keepalive = Long.parseLong(postgres.parameters().get("tcp_keepalives_idle"))
                    + Long.parseLong(postgres.parameters().get("tcp_keepalives_interval"))
                    * Long.parseLong(postgres.parameters().get("tcp_keepalives_count"));
            assertThat(keepalive).as("seconds before a silent client's session ends").isLessThanOrEqualTo(120);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void alertRulesWatchTheRelaysAndTheBackgroundWorkers(Path overlay) throws IOException {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        if (rendered.all(ServiceMonitor.class).isEmpty()) {
            return; // no monitoring component in this overlay
        }
        List<String> expressions = rendered.all(PrometheusRule.class).stream()
                .flatMap(r -> r.getSpec().getGroups().stream()).flatMap(g -> g.getRules().stream())
                .map(rule -> rule.getExpr().getStrVal()).toList();
        // Each metric as Prometheus names it, and the meter the services register under it.
        Map<String, String> meters = Map.of("outbox_relay_oldest_age_seconds", "\"outbox.relay.oldest.age\"",
                "outbox_relay_leader", "\"outbox.relay.leader\"",
                "background_worker_restarts_total", "\"background.worker.restarts\"",
                "health_ingest_partition_stalled_seconds", "\"health.ingest.partition.stalled.seconds\"",
                "health_ingest_dead_lettered_total", "\"health.ingest.dead.lettered\"",
                "api_requests_shed_total", "\"api.requests.shed\"");
        String sources = Repository.javaSources("platform/event-store") + Repository.javaSources("health-score-service")
                + Repository.javaSources("platform/web-api");
        meters.forEach((metric, meter) -> {
            assertThat(expressions).as("%s: an alert rule on %s", overlay, metric).anyMatch(e -> e.contains(metric));
            assertThat(sources).as("the services register %s", meter).contains(meter);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void whereMetricsAreScrapedTheWritersAlsoScaleOutBeforeTheyShed(Path overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        if (rendered.all(ServiceMonitor.class).isEmpty()) {
            return; // no monitoring component in this overlay: CPU alone
        }
        for (String writer : List.of("account-service", "opportunity-service")) {
            HorizontalPodAutoscaler hpa = rendered.all(HorizontalPodAutoscaler.class).stream()
                    .filter(h -> writer.equals(h.getSpec().getScaleTargetRef().getName())).findFirst().orElseThrow();
            MetricSpec nearness = hpa.getSpec().getMetrics().stream()
                    .filter(m -> m.getPods() != null
                            && "api_concurrency_utilization".equals(m.getPods().getMetric().getName()))
                    .findFirst().orElseThrow(() -> new AssertionError(writer + ": no autoscaling on its utilization"));
            // Shedding starts at 1: the autoscaler must act below it.
            assertThat(Quantity.getAmountInBytes(nearness.getPods().getTarget().getAverageValue()).doubleValue())
                    .as("%s: utilization the autoscaler aims at", writer).isGreaterThan(0).isLessThan(1);
            assertThat(nearness.getPods().getMetric().getSelector().getMatchLabels()).containsEntry("kind", "write");
        }
        assertThat(Repository.javaSources("platform/web-api")).contains("\"api.concurrency.utilization\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void prometheusScrapesTheMetricsPath(Path overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        for (ServiceMonitor monitor : rendered.all(ServiceMonitor.class)) {
            Map<String, String> selector = monitor.getSpec().getSelector().getMatchLabels();
            List<Service> scraped = rendered.all(Service.class).stream()
                    .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();
            assertThat(scraped).extracting(RenderedOverlay::nameOf).as("Services ServiceMonitor %s scrapes",
                    RenderedOverlay.nameOf(monitor)).containsExactlyInAnyOrderElementsOf(Repository.services());
            for (Service service : scraped) {
                ServiceConfig config = ServiceConfig.of(RenderedOverlay.nameOf(service));
                for (Endpoint endpoint : monitor.getSpec().getEndpoints()) {
                    assertThat(endpoint.getPath()).as("%s: metrics path", config.name()).isEqualTo(config.metricsPath());
                    assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName)
                            .as("%s: Service ports", config.name()).contains(endpoint.getPort());
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everySecretReferencedIsDocumented(Path overlay) throws IOException {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        String readme = Files.readString(Repository.root().resolve("deploy/README.md"));
        Set<String> references = new TreeSet<>();
        for (Deployment deployment : rendered.all(Deployment.class)) {
            for (Container container : OverlayPoliciesTest.containers(deployment)) {
                Optional.ofNullable(container.getEnv()).orElse(List.of()).stream()
                        .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                        .forEach(e -> references.add(e.getValueFrom().getSecretKeyRef().getName() + " "
                                + e.getValueFrom().getSecretKeyRef().getKey()));
            }
            for (Volume volume : deployment.getSpec().getTemplate().getSpec().getVolumes()) {
                if (volume.getSecret() != null) {
                    volume.getSecret().getItems().forEach(i -> references.add(volume.getSecret().getSecretName() + " " + i.getKey()));
                }
                if (volume.getConfigMap() != null && rendered.named(ConfigMap.class, volume.getConfigMap().getName()).isEmpty()) {
                    references.add(volume.getConfigMap().getName() + " " + "(ConfigMap)");
                }
            }
        }
        rendered.all(Keda.TriggerAuthentication.class).forEach(a -> Optional.ofNullable(a.spec().secretTargetRef())
                .orElse(List.of()).forEach(r -> references.add(r.name() + " " + r.key())));
        rendered.all(CloudNativePg.Cluster.class).forEach(c -> c.spec().managed().roles()
                .forEach(r -> references.add(r.passwordSecret().name() + " password")));

        List<String> undocumented = new ArrayList<>();
        for (String reference : references) {
            String[] nameAndKey = reference.split(" ", 2);
            String key = nameAndKey[1].equals("(ConfigMap)") ? "" : nameAndKey[1];
            if (!readme.contains("`" + nameAndKey[0] + "`") || !readme.contains(key)) {
                undocumented.add(reference);
            }
        }
        assertThat(undocumented).as("Secrets (and keys) the manifests expect but deploy/README.md does not name").isEmpty();
    }

    private static Container appContainer(Deployment deployment) {
        String name = RenderedOverlay.nameOf(deployment);
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": no container named " + name));
    }

    private static void assertProbe(String what, Probe probe, String path, int port, String portName) {
        assertThat(probe).as(what).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as("%s is an HTTP GET", what).isNotNull();
        assertThat(get.getPath()).as("%s path", what).isEqualTo(path);
        assertThat(targets(get.getPort(), port, portName)).as("%s port is %d", what, port).isTrue();
    }

    private static boolean targets(IntOrString target, int port, String portName) {
        if (target == null) {
            return false;
        }
        return target.getIntVal() != null ? target.getIntVal() == port : target.getStrVal().equals(portName);
    }

    private static String configValue(RenderedOverlay rendered, String service, String key) {
        String value = rendered.require(ConfigMap.class, service).getData().get(key);
        assertThat(value).as("ConfigMap %s: %s", service, key).isNotNull();
        return value;
    }

    private static String topicName(KafkaTopic topic) {
        return Optional.ofNullable(topic.getSpec().getTopicName()).orElse(topic.getMetadata().getName());
    }

    private static Map<String, Set<String>> allowedOperations(KafkaUser user) {
        Map<String, Set<String>> allowed = new TreeMap<>();
        KafkaUserAuthorizationSimple authorization = (KafkaUserAuthorizationSimple) user.getSpec().getAuthorization();
        for (AclRule rule : authorization.getAcls()) {
            String resource = switch (rule.getResource()) {
                case AclRuleTopicResource topic -> "topic:" + topic.getName();
                case AclRuleGroupResource group -> "group:" + group.getName();
                default -> throw new AssertionError("Unexpected ACL resource " + rule.getResource().getType());
            };
            allowed.computeIfAbsent(resource, r -> new TreeSet<>())
                    .addAll(rule.getOperations().stream().map(StrimziAclOperation::toValue).toList());
        }
        return allowed;
    }

    /** Every topic-level setting Kafka knows (the *_CONFIG constants of TopicConfig). */
    private static Set<String> topicConfigNames() {
        Set<String> names = new TreeSet<>();
        for (Field field : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_CONFIG")) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }
}
