package com.accounthealth.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The checkout this module lives in: the deploy module is one folder below the root pom. */
final class Repository {

    private Repository() {
    }

    static Path root() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("deploy/kubernetes")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new AssertionError("No deploy/kubernetes above " + System.getProperty("user.dir"));
    }

    /** The Quarkus services: folders at the root whose application.properties sets quarkus.http.port. */
    static List<String> services() {
        try (Stream<Path> dirs = Files.list(root())) {
            return dirs.filter(d -> Files.isRegularFile(ServiceConfig.propertiesOf(d)))
                    .filter(d -> ServiceConfig.of(d.getFileName().toString()).has("quarkus.http.port"))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new AssertionError("Cannot list " + root(), e);
        }
    }

    /** The main Java sources of a module, concatenated, to look for a name the manifests rely on. */
    static String javaSources(String module) {
        try (Stream<Path> files = Files.walk(root().resolve(module).resolve("src/main/java"))) {
            StringBuilder all = new StringBuilder();
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(f));
            }
            return all.toString();
        } catch (IOException e) {
            throw new AssertionError("Cannot read the sources of " + module, e);
        }
    }
}
