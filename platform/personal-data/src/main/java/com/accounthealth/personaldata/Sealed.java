package com.accounthealth.personaldata;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A personal value as events, topics and consumers carry it: {@code pd1|contact:<id>,text:2026-12|<base64>}. It names
 * the subjects whose keys together open it, so it can be read while all of them live and never after one is
 * destroyed; the base64 is a 12-byte nonce and the AES-GCM ciphertext with its tag, the subjects its associated data.
 */
public record Sealed(List<String> subjects, byte[] ciphertext) {

    static final String PREFIX = "pd1|";

    public Sealed {
        subjects = List.copyOf(subjects);
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException("A sealed value names at least one subject");
        }
    }

    /** Whether a stored value is sealed (values stored before sealing began are not). */
    public static boolean is(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    public static Sealed parse(String value) {
        int bar = value.indexOf('|', PREFIX.length());
        if (!is(value) || bar < 0) {
            throw new IllegalArgumentException("Not a sealed value");
        }
        return new Sealed(Arrays.asList(value.substring(PREFIX.length(), bar).split(",")),
                Base64.getDecoder().decode(value.substring(bar + 1)));
    }

    /** The subjects as associated data: a value cannot be moved to another person's field and still open. */
    String associatedData() {
        return associatedData(subjects);
    }

    static String associatedData(List<String> subjects) {
        return String.join(",", subjects);
    }

    public String text() {
        return PREFIX + associatedData() + "|" + Base64.getEncoder().encodeToString(ciphertext);
    }
}
