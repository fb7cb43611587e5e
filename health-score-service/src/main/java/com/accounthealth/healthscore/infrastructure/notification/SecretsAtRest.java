package com.accounthealth.healthscore.infrastructure.notification;

import com.accounthealth.healthscore.config.NotificationConfig;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * Encrypts what must not be readable from a copy of the database (webhook signing secrets, and the idempotent answers
 * that carry them) with AES-GCM under {@code notifications.secrets.key}. A value is stored as {@code v1:} and the
 * base64 of a random 12-byte nonce and the ciphertext with its tag; the purpose is authenticated with it, so a value
 * moved to another column does not decrypt. A value without the prefix was stored before encryption began and is read
 * as it is.
 */
@ApplicationScoped
public class SecretsAtRest {

    public static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public SecretsAtRest(NotificationConfig config) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(config.secrets().key().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("notifications.secrets.key must be base64 (openssl rand -base64 32)");
        }
        if (!Set.of(16, 24, 32).contains(bytes.length)) {
            throw new IllegalStateException("notifications.secrets.key must be 16, 24 or 32 bytes (base64 of "
                    + "openssl rand 32), not " + bytes.length);
        }
        this.key = new SecretKeySpec(bytes, "AES");
    }

    public String encrypt(String plain, String purpose) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, purpose);
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not encrypt a " + purpose, e);
        }
    }

    public String decrypt(String stored, String purpose) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            byte[] nonce = Arrays.copyOf(all, NONCE_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, purpose);
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Could not decrypt a " + purpose + " (was notifications.secrets.key changed?)", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String purpose) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
