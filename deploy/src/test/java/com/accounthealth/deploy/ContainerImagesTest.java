package com.accounthealth.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Each service's src/main/docker/Dockerfile.jvm: a pinned base, a non-root user the pods run as, the service's port. */
class ContainerImagesTest {

    @Test
    void everyServiceHasAPinnedNonRootImageOnItsOwnPort() throws IOException {
        List<String> services = Repository.services();
        assertThat(services).isNotEmpty();
        RenderedOverlay prod = RenderedOverlay.of(Repository.root().resolve("deploy/kubernetes/overlays/prod"));
        for (String service : services) {
            Path dockerfile = Repository.root().resolve(service).resolve("src/main/docker/Dockerfile.jvm");
            assertThat(dockerfile).as("%s's container build", service).isRegularFile();
            String text = Files.readString(dockerfile);

            String from = single(text, "(?m)^FROM\\s+(\\S+)", service + " FROM");
            String tag = from.contains("@") ? "digest" : from.substring(from.lastIndexOf('/') + 1).contains(":")
                    ? from.substring(from.lastIndexOf(':') + 1) : "";
            assertThat(tag).as("%s: base image %s is pinned", service, from).isNotEmpty().isNotEqualTo("latest");

            String user = single(text, "(?m)^USER\\s+(\\S+)", service + " USER");
            assertThat(user).as("%s: image user", service).matches("[1-9][0-9]*");
            assertThat(prod.require(Deployment.class, service).getSpec().getTemplate().getSpec().getSecurityContext()
                    .getRunAsUser()).as("%s: pods run as the image's user", service).isEqualTo(Long.parseLong(user));

            assertThat(single(text, "(?m)^EXPOSE\\s+(\\d+)", service + " EXPOSE"))
                    .as("%s: exposed port", service).isEqualTo(String.valueOf(ServiceConfig.of(service).httpPort()));
            assertThat(text).as("%s: the Quarkus fast-jar layout", service)
                    .contains("target/quarkus-app/lib/", "target/quarkus-app/app/", "target/quarkus-app/quarkus/");
        }
    }

    private static String single(String text, String regex, String what) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(what).isTrue();
        String value = m.group(1);
        assertThat(m.find()).as("%s appears once", what).isFalse();
        return value;
    }
}
