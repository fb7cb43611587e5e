package com.accounthealth.deploy;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.List;
import java.util.Map;

/**
 * CloudNativePG's custom resources (postgresql.cnpg.io/v1), as far as deploy/ uses them. No Java model of them is
 * published on Maven Central, so these records hold the fields of the operator's documented API that the manifests
 * use; parsed with unknown properties failing, any other field (or a misspelling) is an error.
 */
final class CloudNativePg {

    private CloudNativePg() {
    }

    record Cluster(String apiVersion, String kind, ObjectMeta metadata, ClusterSpec spec) {
    }

    record ClusterSpec(Integer instances, String imageName, Boolean enableSuperuserAccess, String primaryUpdateStrategy,
                       PostgresConfiguration postgresql, Storage storage, ResourceRequirements resources,
                       Affinity affinity, Managed managed) {
    }

    record PostgresConfiguration(Synchronous synchronous, Map<String, String> parameters) {
    }

    /** Quorum-based synchronous replication (operator 1.24 and later). */
    record Synchronous(String method, Integer number, String dataDurability) {
    }

    record Storage(String size, String storageClass) {
    }

    record Affinity(Boolean enablePodAntiAffinity, String topologyKey) {
    }

    record Managed(List<Role> roles) {
    }

    record Role(String name, String ensure, Boolean login, Boolean superuser, Boolean createdb, Boolean inherit,
                Integer connectionLimit, List<String> inRoles, SecretReference passwordSecret) {
    }

    record SecretReference(String name) {
    }

    record Database(String apiVersion, String kind, ObjectMeta metadata, DatabaseSpec spec) {
    }

    record DatabaseSpec(ClusterReference cluster, String name, String owner, String ensure,
                        String databaseReclaimPolicy) {
    }

    record ClusterReference(String name) {
    }
}
