package com.accounthealth.personaldata;

import com.accounthealth.eventstore.AfterCommit;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Crypto-shredding. A personal value is sealed (AES-256-GCM) under the data key of each subject it is about before it
 * enters an event; the data keys live in {@code personal_data_key}, wrapped under the master key. Destroying a
 * subject's key (erasure of a person, retention of a month of free text) makes every copy of what it sealed
 * unreadable, wherever the event went, while the events themselves stay as they were.
 */
@Startup
@ApplicationScoped
public class PersonalData {

    private static final Logger LOG = Logger.getLogger(PersonalData.class);

    /** A subject's key as last read: the unwrapped key, or {@code null} once destroyed. */
    private record Held(byte[] key) {
    }

    private final DataSource dataSource;
    private final PersonalDataConfig config;
    private final TransactionSynchronizationRegistry transactions;
    private final byte[] masterKey;
    private final Map<String, byte[]> previousMasterKeys = new HashMap<>();
    private final Cache<String, Held> keys;

    public PersonalData(DataSource dataSource, PersonalDataConfig config,
                        TransactionSynchronizationRegistry transactions) {
        this.dataSource = dataSource;
        this.config = config;
        this.transactions = transactions;
        this.masterKey = masterKey(config.masterKey(), "personal-data.master-key");
        config.previousMasterKeys().forEach((id, key) ->
                previousMasterKeys.put(id, masterKey(key, "personal-data.previous-master-keys." + id)));
        this.keys = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(config.keyCacheTtl()).build();
    }

    /** The subject of everything about one person (a client's contact). */
    public static String person(UUID id) {
        return "contact:" + id;
    }

    /** The subject retention destroys for free text written about the month {@code occurredAt} falls in. */
    public static String freeTextOf(Instant occurredAt) {
        return "text:" + YearMonth.from(occurredAt.atOffset(ZoneOffset.UTC));
    }

    /**
     * Seals {@code plain} so that it opens only while every subject's key exists, and only where it was written:
     * {@code context} (e.g. the account and field) is authenticated with it, so a sealed value copied into another
     * field or account does not open there. Creates keys on first use.
     *
     * @throws SubjectErased if a subject's key was destroyed
     */
    public String seal(String plain, List<String> subjects, String context) {
        if (plain == null || !config.sealing()) {
            return plain;
        }
        List<byte[]> subjectKeys = new ArrayList<>(subjects.size());
        for (String subject : subjects) {
            subjectKeys.add(keyToWrite(subject));
        }
        return new Sealed(subjects, Ciphers.encrypt(Ciphers.combined(subjectKeys),
                Sealed.associatedData(subjects) + "|" + context, plain.getBytes(StandardCharsets.UTF_8))).text();
    }

    /**
     * Free text about {@code people} that happened at {@code occurredAt}: sealed under their keys and its month's, or
     * nothing at all if retention has already forgotten that month.
     */
    public String sealFreeText(String plain, List<String> people, Instant occurredAt, String context) {
        if (plain == null || forgotten(YearMonth.from(occurredAt.atOffset(ZoneOffset.UTC)))) {
            return null;
        }
        List<String> subjects = new ArrayList<>(people);
        subjects.add(freeTextOf(occurredAt));
        try {
            return seal(plain, subjects, context);
        } catch (SubjectErased e) {
            if (e.subject().startsWith("text:")) {
                return null;
            }
            throw e;
        }
    }

    /**
     * The value in the clear, if it was sealed for {@code context}; {@code null} if a key it needs was destroyed, or if
     * it does not open (altered, or copied from elsewhere: logged); a value never sealed as it is.
     */
    public String reveal(String value, String context) {
        if (!Sealed.is(value)) {
            return value;
        }
        Sealed sealed;
        try {
            sealed = Sealed.parse(value);
        } catch (IllegalArgumentException e) {
            LOG.warnf("A sealed value in %s is malformed; answered as unreadable", context);
            return null;
        }
        List<byte[]> subjectKeys = new ArrayList<>();
        for (String subject : sealed.subjects()) {
            byte[] key = keyToRead(subject);
            if (key == null) {
                return null;
            }
            subjectKeys.add(key);
        }
        try {
            return new String(Ciphers.decrypt(Ciphers.combined(subjectKeys),
                    sealed.associatedData() + "|" + context, sealed.ciphertext()), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            LOG.warnf("A sealed value of %s does not open in %s (altered, or not written there); answered as "
                    + "unreadable", sealed.subjects(), context);
            return null;
        }
    }

    /**
     * Destroys the subject's key, in the caller's transaction: whatever it sealed can no longer be read anywhere.
     *
     * @return whether it was destroyed now (false: it already was)
     */
    /** Whether the subject has a key, live or destroyed: someone's data was sealed under it once. */
    public boolean known(String subject) {
        Map<String, Held> ours = ofThisTransaction();
        return keys.getIfPresent(subject) != null || (ours != null && ours.containsKey(subject))
                || stored(subject).isPresent();
    }

    public boolean erase(String subject, String because) {
        boolean destroyed = update("""
                UPDATE personal_data_key SET wrapped_key = NULL, master_key_id = NULL, destroyed_at = now(),
                       destroyed_because = ? WHERE subject = ? AND destroyed_at IS NULL""", because, subject) > 0;
        if (!destroyed) {
            // No key yet (data recorded before sealing began): a destroyed row keeps one from being made later.
            destroyed = update("""
                    INSERT INTO personal_data_key (subject, destroyed_at, destroyed_because) VALUES (?, now(), ?)
                    ON CONFLICT (subject) DO NOTHING""", subject, because) > 0;
        }
        keys.invalidate(subject);
        afterCommit(() -> keys.invalidate(subject));
        Map<String, Held> ours = ofThisTransaction();
        if (ours != null) {
            ours.remove(subject);
        }
        return destroyed;
    }

    /** Destroys the free-text keys of every month retention no longer keeps; answers how many. */
    public int applyFreeTextRetention(Instant now) {
        Optional<YearMonth> before = firstKeptMonth(now);
        if (before.isEmpty()) {
            return 0;
        }
        List<String> subjects = new ArrayList<>();
        query("SELECT subject FROM personal_data_key WHERE subject LIKE 'text:%' AND subject < ? "
                + "AND destroyed_at IS NULL", rs -> subjects.add(rs.getString(1)), "text:" + before.get());
        for (String subject : subjects) {
            erase(subject, "retention");
        }
        return subjects.size();
    }

    void atStart(@Observes StartupEvent start) {
        if (!config.sealing()) {
            LOG.warn("personal-data.sealing is false: personal fields are stored in the clear and cannot be erased "
                    + "(for the benchmark's comparison only)");
        }
        rewrap();
    }

    /**
     * Keys still wrapped under a previous master key are re-wrapped under the current one (each row on its own, so a
     * start-up that stops half-way leaves every key readable); answers how many.
     */
    public int rewrap() {
        Map<String, String> stale = new HashMap<>();
        query("SELECT subject, master_key_id FROM personal_data_key WHERE wrapped_key IS NOT NULL "
                + "AND master_key_id <> ?", rs -> stale.put(rs.getString(1), rs.getString(2)), config.masterKeyId());
        for (Map.Entry<String, String> row : stale.entrySet()) {
            Optional<byte[]> wrapped = stored(row.getKey()).filter(w -> w.length > 0);
            if (wrapped.isEmpty()) {
                continue; // destroyed meanwhile: nothing to re-wrap
            }
            byte[] key = unwrap(row.getKey(), wrapped.get(), row.getValue());
            // Only a row still live and still under the old key: an erasure meanwhile must not be undone.
            update("""
                    UPDATE personal_data_key SET wrapped_key = ?, master_key_id = ?
                    WHERE subject = ? AND master_key_id = ? AND destroyed_at IS NULL""",
                    wrap(row.getKey(), key), config.masterKeyId(), row.getKey(), row.getValue());
        }
        if (!stale.isEmpty()) {
            LOG.infof("Re-wrapped %d personal data keys under master key %s", stale.size(), config.masterKeyId());
        }
        return stale.size();
    }

    private boolean forgotten(YearMonth month) {
        return firstKeptMonth(Instant.now()).map(month::isBefore).orElse(false);
    }

    private Optional<YearMonth> firstKeptMonth(Instant now) {
        return config.freeTextRetention().map(keep -> YearMonth.from(now.atOffset(ZoneOffset.UTC).minus(keep)));
    }

    private byte[] keyToWrite(String subject) {
        Held held = keys.getIfPresent(subject);
        Map<String, Held> ours = ofThisTransaction();
        if (held == null && ours != null) {
            held = ours.get(subject);
        }
        if (held != null) {
            return liveOrErased(subject, held);
        }
        Optional<byte[]> wrapped = stored(subject);
        if (wrapped.isEmpty()) {
            byte[] created = Ciphers.newKey();
            boolean inserted = update("""
                    INSERT INTO personal_data_key (subject, wrapped_key, master_key_id) VALUES (?, ?, ?)
                    ON CONFLICT (subject) DO NOTHING""", subject, wrap(subject, created), config.masterKeyId()) > 0;
            if (inserted) {
                // Cached only once committed: a rolled-back key must never seal anything.
                afterCommit(() -> keys.put(subject, new Held(created)));
                if (ours != null) {
                    ours.put(subject, new Held(created));
                }
                return created;
            }
            wrapped = stored(subject);
        }
        return liveOrErased(subject, remember(subject, wrapped));
    }

    private byte[] keyToRead(String subject) {
        Held held = keys.getIfPresent(subject);
        if (held == null) {
            Optional<byte[]> wrapped = stored(subject);
            if (wrapped.isEmpty()) {
                return null;
            }
            held = remember(subject, wrapped);
        }
        return held.key();
    }

    private static byte[] liveOrErased(String subject, Held held) {
        if (held.key() == null) {
            throw new SubjectErased(subject);
        }
        return held.key();
    }

    /** Caches what {@link #stored} found: the unwrapped key, or (an empty wrapped key) that it was destroyed. */
    private Held remember(String subject, Optional<byte[]> wrapped) {
        Held held = new Held(wrapped.filter(w -> w.length > 0).map(w -> unwrap(subject, w, null)).orElse(null));
        // Read inside a transaction, the row may be this transaction's own, not committed yet: cached after commit.
        afterCommit(() -> keys.put(subject, held));
        Map<String, Held> ours = ofThisTransaction();
        if (ours != null) {
            ours.put(subject, held);
        }
        return held;
    }

    /**
     * The keys this transaction made or read, for its own later seals (a bulk import seals many values under one new
     * contact's key); null outside a transaction. Gone with the transaction, whatever its outcome.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Held> ofThisTransaction() {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            return null;
        }
        Map<String, Held> held = (Map<String, Held>) transactions.getResource(PersonalData.class);
        if (held == null) {
            held = new HashMap<>();
            transactions.putResource(PersonalData.class, held);
        }
        return held;
    }

    /**
     * The wrapped key: empty if there is no row, an empty array if the key was destroyed. A row wrapped under an older
     * master key is read with that one until the start-up re-wrap reaches it.
     */
    private Optional<byte[]> stored(String subject) {
        List<byte[]> found = new ArrayList<>();
        query("SELECT wrapped_key FROM personal_data_key WHERE subject = ?", rs -> {
            byte[] wrapped = rs.getBytes(1);
            found.add(wrapped == null ? new byte[0] : wrapped);
        }, subject);
        return found.stream().findFirst();
    }

    private byte[] wrap(String subject, byte[] key) {
        return Ciphers.encrypt(masterKey, "key:" + subject, key);
    }

    private byte[] unwrap(String subject, byte[] wrapped, String masterKeyId) {
        List<byte[]> candidates = new ArrayList<>();
        if (masterKeyId == null || masterKeyId.equals(config.masterKeyId())) {
            candidates.add(masterKey);
        }
        if (masterKeyId == null) {
            candidates.addAll(previousMasterKeys.values());
        } else if (previousMasterKeys.containsKey(masterKeyId)) {
            candidates.add(previousMasterKeys.get(masterKeyId));
        }
        for (byte[] candidate : candidates) {
            try {
                return Ciphers.decrypt(candidate, "key:" + subject, wrapped);
            } catch (GeneralSecurityException e) {
                // not this master key: try the next
            }
        }
        throw new IllegalStateException("The data key of " + subject + " opens with no configured master key "
                + "(personal-data.master-key, personal-data.previous-master-keys)");
    }

    /** Outside a transaction (a read) at once; inside one only once it commits, and not at all if it does not. */
    private void afterCommit(Runnable action) {
        int status = transactions.getTransactionStatus();
        if (status == Status.STATUS_NO_TRANSACTION) {
            action.run();
        } else if (status == Status.STATUS_ACTIVE) {
            AfterCommit.run(transactions, action);
        }
    }

    private interface Rows {
        void row(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Rows rows, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepared(connection, sql, parameters);
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows.row(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read personal data keys", e);
        }
    }

    private int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepared(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not change personal data keys", e);
        }
    }

    private static PreparedStatement prepared(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    private static byte[] masterKey(String base64, String name) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " must be base64 (openssl rand -base64 32)");
        }
        if (key.length != Ciphers.KEY_BYTES) {
            throw new IllegalStateException(name + " must be 32 bytes (openssl rand -base64 32), not " + key.length);
        }
        return key;
    }
}
