package com.accounthealth.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Renders a kustomization with {@code kubectl kustomize}, as {@code kubectl apply -k} would. */
final class Kustomize {

    private Kustomize() {
    }

    /** The kubectl to use: -Dkubectl=PATH, else the first on PATH. Missing is a failure, never a reason to skip. */
    static Path kubectl() {
        String configured = System.getProperty("kubectl");
        if (configured != null && !configured.isBlank()) {
            return requireExecutable(Path.of(configured));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("kubectl is not on the PATH: deploy/ is rendered with `kubectl kustomize`, so the"
                + " deployment cannot be checked. Install kubectl (it bundles kustomize) or pass -Dkubectl=/path/to/kubectl.");
    }

    private static Path requireExecutable(Path path) {
        if (!Files.isExecutable(path)) {
            throw new AssertionError("-Dkubectl=" + path + " is not an executable kubectl");
        }
        return path;
    }

    /** Every object the kustomization at {@code dir} renders to, in order. */
    static List<JsonNode> render(Path dir) {
        try {
            Process process = new ProcessBuilder(kubectl().toString(), "kustomize", dir.toString())
                    .redirectErrorStream(false)
                    .start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed: " + new String(err, StandardCharsets.UTF_8));
            }
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            List<JsonNode> objects = new ArrayList<>();
            try (var documents = yaml.readerFor(JsonNode.class).<JsonNode>readValues(out)) {
                while (documents.hasNext()) {
                    JsonNode document = documents.next();
                    if (document != null && !document.isNull() && !document.isEmpty()) {
                        objects.add(document);
                    }
                }
            }
            return objects;
        } catch (IOException e) {
            throw new AssertionError("Could not run kubectl kustomize " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while rendering " + dir, e);
        }
    }

    /** The overlays under deploy/kubernetes/overlays (each folder with a kustomization.yaml). */
    static List<Path> overlays() {
        Path overlays = Repository.root().resolve("deploy/kubernetes/overlays");
        try (Stream<Path> dirs = Files.list(overlays)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml"))).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError("Cannot list " + overlays, e);
        }
    }
}
