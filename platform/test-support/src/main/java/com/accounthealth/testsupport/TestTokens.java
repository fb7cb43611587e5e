package com.accounthealth.testsupport;

import com.accounthealth.localstack.JwtIssuer;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * Bearer tokens for tests: a key pair made once per test JVM (its public key is what the services under test verify
 * with), and tokens minted with it, valid or deliberately not (expired, signed by another key). Quarkus loads this
 * class once for its test resources and again for the tests, so the key pair lives in a folder named by a system
 * property, which both see, rather than in a static field alone.
 */
public final class TestTokens {

    private static final String KEY_DIRECTORY_PROPERTY = "accounthealth.test-keys";

    private static JwtIssuer issuer;
    private static JwtIssuer stranger;

    private TestTokens() {
    }

    /** The settings that make a service verify this JVM's tokens. */
    public static synchronized Map<String, String> serviceConfig() {
        Path publicKey = issuer().writePublicKey(keyDirectory().resolve("public-key.pem"));
        return Map.of("mp.jwt.verify.publickey.location", publicKey.toUri().toString(),
                "mp.jwt.verify.issuer", JwtIssuer.DEV_ISSUER);
    }

    /** The issuer whose key the services under test trust: what a development identity provider signs with. */
    public static synchronized JwtIssuer issuerForIdentityProvider() {
        return issuer();
    }

    /** A valid token for every team. */
    public static String token(String subject, String... scopes) {
        return issuer().token(subject, List.of(scopes), null, Duration.ofHours(1));
    }

    /** A valid token limited to some sales teams. */
    public static String teamToken(String subject, Collection<String> teams, String... scopes) {
        return issuer().token(subject, List.of(scopes), teams, Duration.ofHours(1));
    }

    /** A token that expired an hour ago, well beyond any clock-skew allowance. */
    public static String expired(String subject, String... scopes) {
        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
        return issuer().token(subject, List.of(scopes), null, twoHoursAgo, twoHoursAgo.plus(Duration.ofHours(1)));
    }

    /** A well-formed, unexpired token signed by a key the services do not trust. */
    public static synchronized String signedByStranger(String subject, String... scopes) {
        if (stranger == null) {
            stranger = JwtIssuer.generate();
        }
        return stranger.token(subject, List.of(scopes), null, Duration.ofHours(1));
    }

    /** A RestAssured request as {@code subject} with these scopes, for every team. */
    public static RequestSpecification as(String subject, String... scopes) {
        return given().auth().oauth2(token(subject, scopes));
    }

    /** A RestAssured JSON request as {@code subject} with these scopes, limited to one sales team. */
    public static RequestSpecification asTeam(String team, String subject, String... scopes) {
        return given().auth().oauth2(teamToken(subject, List.of(team), scopes)).contentType("application/json");
    }

    private static synchronized JwtIssuer issuer() {
        if (issuer == null) {
            issuer = JwtIssuer.loadOrCreate(keyDirectory());
        }
        return issuer;
    }

    private static Path keyDirectory() {
        synchronized (System.getProperties()) {
            String directory = System.getProperty(KEY_DIRECTORY_PROPERTY);
            if (directory != null) {
                return Path.of(directory);
            }
            try {
                Path made = Files.createTempDirectory("account-health-test-keys-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    made.resolve("public-key.pem").toFile().delete();
                    made.resolve("dev-private-key.pem").toFile().delete();
                    made.toFile().delete();
                }, "test-keys-cleanup"));
                System.setProperty(KEY_DIRECTORY_PROPERTY, made.toString());
                return made;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
