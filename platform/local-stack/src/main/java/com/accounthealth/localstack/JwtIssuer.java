package com.accounthealth.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A development token issuer: an RS256 key pair made on this machine, and bearer tokens signed with it, for the local
 * stack and the tests. In production an identity provider issues the tokens and the services verify them with its
 * public key or JWKS; nothing here is used there, and no private key is ever committed.
 */
public final class JwtIssuer {

    /** The issuer and audience the services expect unless configured otherwise (mp.jwt.verify.issuer/audiences). */
    public static final String DEV_ISSUER = "https://account-health.local/dev-issuer";
    public static final String AUDIENCE = "account-health";

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keys;

    private JwtIssuer(KeyPair keys) {
        this.keys = keys;
    }

    /** A fresh key pair, kept in memory only (tests). */
    public static JwtIssuer generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new JwtIssuer(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not make an RSA key pair", e);
        }
    }

    /** The key pair kept in {@code directory} (made there on first use, readable by the owner only). */
    public static JwtIssuer loadOrCreate(Path directory) {
        Path privateKey = directory.resolve("dev-private-key.pem");
        try {
            if (Files.exists(privateKey)) {
                return new JwtIssuer(read(Files.readString(privateKey)));
            }
            JwtIssuer issuer = generate();
            Files.createDirectories(directory);
            Files.writeString(privateKey, pem("PRIVATE KEY", issuer.keys.getPrivate().getEncoded()));
            privateKey.toFile().setReadable(false, false);
            privateKey.toFile().setReadable(true, true);
            return issuer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the public key as PEM (what {@code mp.jwt.verify.publickey.location} points at) and returns its path. */
    public Path writePublicKey(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, pem("PUBLIC KEY", keys.getPublic().getEncoded()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A token for {@code subject} with these scopes, valid from now for {@code lifetime}.
     *
     * @param teams the sales teams it is limited to, or null for every team
     */
    public String token(String subject, Collection<String> scopes, Collection<String> teams, Duration lifetime) {
        Instant now = Instant.now();
        return token(subject, scopes, teams, now, now.plus(lifetime));
    }

    public String token(String subject, Collection<String> scopes, Collection<String> teams, Instant issuedAt,
                        Instant expiresAt) {
        StringBuilder claims = new StringBuilder("{")
                .append("\"iss\":").append(quote(DEV_ISSUER))
                .append(",\"aud\":").append(quote(AUDIENCE))
                .append(",\"sub\":").append(quote(subject))
                .append(",\"jti\":").append(quote(UUID.randomUUID().toString()))
                .append(",\"iat\":").append(issuedAt.getEpochSecond())
                .append(",\"exp\":").append(expiresAt.getEpochSecond())
                .append(",\"scope\":").append(quote(String.join(" ", scopes)));
        if (teams != null) {
            claims.append(",\"teams\":[").append(teams.stream().map(JwtIssuer::quote).collect(Collectors.joining(",")))
                    .append(']');
        }
        claims.append('}');
        return sign(claims.toString());
    }

    /** Signs a JSON object of claims as an RS256 JWT with this issuer's key. */
    public String sign(String claimsJson) {
        String signingInput = encode("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + encode(claimsJson);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(keys.getPrivate());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign a token", e);
        }
    }

    /** The public key as a JSON Web Key (RFC 7517), for an identity provider's JWKS document. */
    public String publicJwk() {
        java.security.interfaces.RSAPublicKey rsa = (java.security.interfaces.RSAPublicKey) keys.getPublic();
        return "{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\"" + unsigned(rsa.getModulus())
                + "\",\"e\":\"" + unsigned(rsa.getPublicExponent()) + "\"}";
    }

    private static String unsigned(java.math.BigInteger value) {
        byte[] bytes = value.toByteArray();
        int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        return BASE64URL.encodeToString(java.util.Arrays.copyOfRange(bytes, skip, bytes.length));
    }

    private static KeyPair read(String pem) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
            RSAPrivateCrtKey crt = (RSAPrivateCrtKey) privateKey;
            PublicKey publicKey = rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The development private key is not a PKCS#8 RSA key; delete it to make a new one", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON string literal of {@code value}. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
