package com.accounthealth.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An overlay rendered by kubectl kustomize and every object in it parsed strictly into its model. */
record RenderedOverlay(String name, List<JsonNode> raw, List<Object> objects) {

    private static final ConcurrentHashMap<Path, RenderedOverlay> CACHE = new ConcurrentHashMap<>();

    static RenderedOverlay of(Path dir) {
        return CACHE.computeIfAbsent(dir, d -> {
            List<JsonNode> raw = Kustomize.render(d);
            List<Object> objects = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            for (JsonNode object : raw) {
                try {
                    objects.add(StrictModel.parse(object));
                } catch (AssertionError e) {
                    errors.add(e.getMessage());
                }
            }
            if (!errors.isEmpty()) {
                throw new AssertionError("Overlay " + d + " renders objects that do not match their schemas:\n  "
                        + String.join("\n  ", errors));
            }
            return new RenderedOverlay(d.getFileName().toString(), raw, objects);
        });
    }

    <T> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(nameOf(o))).findFirst();
    }

    <T> T require(Class<T> type, String name) {
        return named(type, name).orElseThrow(() -> new AssertionError(
                "overlay " + this.name + " renders no " + type.getSimpleName() + " named " + name));
    }

    static String nameOf(Object object) {
        if (object instanceof HasMetadata k8s) {
            return k8s.getMetadata().getName();
        }
        if (object instanceof Keda.ScaledObject o) {
            return o.metadata().getName();
        }
        if (object instanceof Keda.TriggerAuthentication o) {
            return o.metadata().getName();
        }
        if (object instanceof CloudNativePg.Cluster o) {
            return o.metadata().getName();
        }
        if (object instanceof CloudNativePg.Database o) {
            return o.metadata().getName();
        }
        throw new IllegalArgumentException("No name for " + object.getClass());
    }

    @Override
    public String toString() {
        return name;
    }
}
