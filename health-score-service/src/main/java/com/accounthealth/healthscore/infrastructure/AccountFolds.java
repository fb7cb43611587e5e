package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.healthscore.domain.AccountFacts;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * Each account's fold as a row of {@code account_fold} (see V10 in db/migration): ingest writes it in the
 * transaction that applies the account's events, every {@code health.ingest.fold-written-every} events, and resumes an
 * account it does not hold in memory from it and the inbox events after it. Correctness never rests on the row: the
 * caller uses it only when its event count and the events after it add up to the inbox's count.
 */
@ApplicationScoped
public class AccountFolds {

    private static final Logger LOG = Logger.getLogger(AccountFolds.class);

    /**
     * Names the fold's meaning and the facts' shape. Raise the number when the fold reads events differently; the
     * shape part changes by itself when a fact gains, loses or retypes a field. A row of another format is ignored
     * (the account is folded from its inbox and its row written again).
     */
    static final String FORMAT = "fold-1/" + shapeOf(AccountFacts.class);

    /** A row as stored: the fold, how many inbox events it holds and the highest inbox seq among them. */
    public record Stored(FactsFromEvents.Incremental fold, int events, long throughSeq) {
    }

    /** A fold to write and how many inbox events it holds. */
    public record Unwritten(FactsFromEvents.Incremental fold, long events) {
    }

    /** What the facts column holds. */
    private record Document(Map<String, Integer> lanes, AccountFacts facts) {
    }

    private final DataSource dataSource;
    private final ObjectMapper json;

    public AccountFolds(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        // Facts records have derived accessors (isOpen) that write a property no constructor takes back.
        this.json = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The stored folds of {@code accounts} written in this format (others are left out), in one query. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, Stored> read(Collection<UUID> accounts) {
        Map<UUID, Stored> found = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT account_id, events, through_seq, facts FROM account_fold
                     WHERE account_id = ANY(?) AND format = ?""")) {
            ps.setArray(1, c.createArrayOf("uuid", accounts.toArray()));
            ps.setString(2, FORMAT);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID account = rs.getObject(1, UUID.class);
                    try {
                        found.put(account, new Stored(fold(rs.getString(4)), rs.getInt(2), rs.getLong(3)));
                    } catch (JsonProcessingException | RuntimeException e) {
                        LOG.warnf("The stored fold of account %s cannot be read (%s): folding its inbox instead",
                                account, e.getMessage());
                    }
                }
            }
            return found;
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not read the folds of " + accounts.size() + " accounts", e);
        }
    }

    /**
     * Writes each account's fold in one statement. Its seq is the highest this
     * transaction sees for the account: an event of another transaction counted in it but not folded makes the row's
     * count fall short of the inbox's, so the row is not used.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void write(Map<UUID, Unwritten> folds) {
        if (folds.isEmpty()) {
            return;
        }
        int n = folds.size();
        Object[] ids = new Object[n];
        Object[] counts = new Object[n];
        StringBuilder documents = new StringBuilder("[");
        int i = 0;
        try {
            for (Map.Entry<UUID, Unwritten> fold : folds.entrySet()) {
                ids[i] = fold.getKey();
                counts[i] = (int) fold.getValue().events();
                documents.append(i++ == 0 ? "" : ",").append(document(fold.getValue().fold()));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write a fold", e);
        }
        documents.append(']');
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO account_fold (account_id, format, events, through_seq, facts)
                     SELECT a, ?, e, (SELECT max(seq) FROM inbox WHERE account_id = a), f::text
                     FROM unnest(?::uuid[], ?::int[]) WITH ORDINALITY AS x(a, e, i)
                          JOIN json_array_elements(?::json) WITH ORDINALITY AS d(f, i) USING (i)
                     ORDER BY a
                     ON CONFLICT (account_id) DO UPDATE SET format = excluded.format, events = excluded.events,
                         through_seq = excluded.through_seq, facts = excluded.facts""")) {
            ps.setString(1, FORMAT);
            ps.setArray(2, c.createArrayOf("uuid", ids));
            ps.setArray(3, c.createArrayOf("int4", counts));
            ps.setString(4, documents.toString());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not write the folds of " + n + " accounts", e);
        }
    }

    /** The fold as the facts column holds it. */
    String document(FactsFromEvents.Incremental fold) throws JsonProcessingException {
        return json.writeValueAsString(new Document(fold.lanes(), fold.facts()));
    }

    /** The fold a facts column holds. */
    FactsFromEvents.Incremental fold(String document) throws JsonProcessingException {
        Document d = json.readValue(document, Document.class);
        return FactsFromEvents.Incremental.resume(d.facts(), d.lanes());
    }

    /** A short name for the shape of a record: its components' names and types, nested records and enums included. */
    static String shapeOf(Class<?> type) {
        StringBuilder shape = new StringBuilder();
        describe(type, shape, new HashSet<>());
        CRC32 crc = new CRC32();
        crc.update(shape.toString().getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }

    /** Records and enums by what they hold (so the shape changes with them), other types by name. */
    private static void describe(Type type, StringBuilder shape, Set<Type> seen) {
        if (type instanceof ParameterizedType p) {
            shape.append(p.getRawType().getTypeName()).append('<');
            Arrays.stream(p.getActualTypeArguments()).forEach(t -> describe(t, shape, seen));
            shape.append('>');
        } else if (type instanceof Class<?> c && c.isRecord() && seen.add(c)) {
            shape.append('(');
            for (RecordComponent component : c.getRecordComponents()) {
                shape.append(component.getName()).append(':');
                describe(component.getGenericType(), shape, seen);
            }
            shape.append(')');
        } else if (type instanceof Class<?> c && c.isEnum()) {
            shape.append('{');
            Arrays.stream(c.getEnumConstants()).forEach(e -> shape.append(e).append(','));
            shape.append('}');
        } else {
            shape.append(type.getTypeName()).append(';');
        }
    }
}
