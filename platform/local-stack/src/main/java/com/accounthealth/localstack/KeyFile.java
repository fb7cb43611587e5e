package com.accounthealth.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A random AES-256 key (base64) made once and kept beside the data it encrypts: health-score-service's
 * {@code notifications.secrets.key}, account-service's {@code personal-data.master-key}. A new key at each start
 * would leave what the last one encrypted unreadable.
 */
public final class KeyFile {

    private KeyFile() {
    }

    /** The base64 key in {@code file}, made first if missing. */
    public static String loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Files.createDirectories(file.getParent());
                Files.writeString(file, Base64.getEncoder().encodeToString(key));
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or make " + file, e);
        }
    }
}
