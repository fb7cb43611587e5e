package com.accounthealth.personaldata;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.Period;
import java.util.Map;
import java.util.Optional;

/** {@code personal-data.*}: the master key that wraps every person's data key, its predecessors, and retention. */
@ConfigMapping(prefix = "personal-data")
public interface PersonalDataConfig {

    /** Base64 of a 32-byte AES key ({@code openssl rand -base64 32}), from a Kubernetes Secret in production. */
    String masterKey();

    /** The name of {@link #masterKey()}, stored beside each key it wraps; change it together with the key. */
    @WithDefault("1")
    String masterKeyId();

    /**
     * Master keys replaced by a rotation, by id: keys still wrapped under one are re-wrapped under the current master
     * key at start-up; remove an entry once no row names it.
     */
    Map<String, String> previousMasterKeys();

    /**
     * Whether personal fields are sealed at all: {@code false} only for the benchmark that measures what sealing costs
     * (a warning is logged at start-up); a field stored unsealed can never be erased.
     */
    @WithDefault("true")
    boolean sealing();

    /**
     * How long another replica may still read with a key this one destroyed: unwrapped keys are cached this long.
     */
    @WithDefault("30s")
    Duration keyCacheTtl();

    /**
     * How long free text about people (interaction summaries, feedback comments) stays readable, counted from the
     * end of the month it happened in; empty keeps it until the people it names are erased.
     */
    Optional<Period> freeTextRetention();
}
