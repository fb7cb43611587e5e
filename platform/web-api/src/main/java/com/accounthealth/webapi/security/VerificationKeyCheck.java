package com.accounthealth.webapi.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Says at start, not on the first refused call, when the token verification key is a file that is not there: every
 * /api/v1 call would then answer 401. (A JWKS URL is fetched by smallrye-jwt when tokens arrive.)
 */
@Singleton
public class VerificationKeyCheck {

    private static final Logger LOG = Logger.getLogger(VerificationKeyCheck.class);

    void onStart(@Observes StartupEvent event,
                 @ConfigProperty(name = "mp.jwt.verify.publickey.location") String location,
                 @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer) {
        Path file = location.startsWith("file:") ? Path.of(URI.create(location))
                : location.contains("://") ? null : Path.of(location);
        if (file != null && !Files.isReadable(file)) {
            LOG.errorf("No token verification key at %s: every /api/v1 call will answer 401. Set "
                    + "MP_JWT_VERIFY_PUBLICKEY_LOCATION to the identity provider's JWKS URL or public key file.", location);
        } else {
            LOG.infof("Bearer tokens from %s are verified with %s", issuer, location);
        }
    }
}
