package com.accounthealth.healthscore.infrastructure.notification;

import com.accounthealth.healthscore.domain.notification.Subscription;
import com.accounthealth.webapi.EntityFilter;
import com.accounthealth.webapi.PagedQuery;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.security.TeamScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.hibernate.Timeouts;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Subscriptions (Hibernate entities, {@link SubscriptionRow}). A deleted subscription is kept (its deliveries still
 * name it) but no longer matches. A caller limited to some teams sees a subscription only when every team it covers is
 * one of the caller's.
 */
@ApplicationScoped
public class SubscriptionStore {

    private static final Logger LOG = Logger.getLogger(SubscriptionStore.class);
    /** Hibernate's lock timeout for SKIP LOCKED: replicas pass over a row another one holds. */
    private static final String LOCK_TIMEOUT = "jakarta.persistence.lock.timeout";

    private final SecretsAtRest secrets;

    public SubscriptionStore(SecretsAtRest secrets) {
        this.secrets = secrets;
    }

    /** What a subscription's signing secret is encrypted for: that subscription's column, nothing else. */
    static String purpose(UUID subscriptionId) {
        return "webhook signing secret of " + subscriptionId;
    }

    void encryptPlainSecretsAtStart(@Observes StartupEvent ignored) {
        QuarkusTransaction.requiringNew().run(this::encryptPlainSecrets);
    }

    /**
     * Encrypts the secrets stored before encryption at rest began (at start, by every replica: the rows are locked, and
     * one another replica encrypted meanwhile no longer matches); returns how many.
     */
    @Transactional
    public int encryptPlainSecrets() {
        List<SubscriptionRow> plain = SubscriptionRow.<SubscriptionRow>find(
                        "secret is not null and secret not like :encrypted",
                        Parameters.with("encrypted", SecretsAtRest.PREFIX + "%"))
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        plain.forEach(row -> row.secret = secrets.encrypt(row.secret, purpose(row.subscriptionId)));
        if (!plain.isEmpty()) {
            LOG.infof("Encrypted the webhook signing secrets of %d subscriptions stored before encryption at rest",
                    plain.size());
        }
        return plain.size();
    }

    public void insert(Subscription s, String secret, String createdBy, Instant at) {
        SubscriptionRow row = new SubscriptionRow();
        row.subscriptionId = s.subscriptionId();
        row.describe(s);
        row.secret = secrets.encrypt(secret, purpose(s.subscriptionId()));
        row.lastDigestAt = at;
        row.createdBy = createdBy;
        row.createdAt = at;
        row.updatedAt = at;
        row.version = 1;
        row.persist();
    }

    /**
     * Replaces what the subscription is and where it goes, if it is still at {@code expectedVersion}; a new secret
     * replaces the old one when given. Returns whether it was.
     */
    public boolean replace(Subscription s, int expectedVersion, String newSecret, Instant at) {
        return change(s.subscriptionId(), expectedVersion, at, row -> {
            row.describe(s);
            if (newSecret != null) {
                row.secret = secrets.encrypt(newSecret, purpose(s.subscriptionId()));
            }
        });
    }

    /** Rotates the secret if the subscription is still at {@code expectedVersion}; returns whether it was. */
    public boolean rotateSecret(UUID subscriptionId, int expectedVersion, String secret, Instant at) {
        return change(subscriptionId, expectedVersion, at,
                row -> row.secret = secrets.encrypt(secret, purpose(subscriptionId)));
    }

    /** Deletes the subscription if it is still at {@code expectedVersion}; returns whether it was. */
    public boolean delete(UUID subscriptionId, int expectedVersion, Instant at) {
        return change(subscriptionId, expectedVersion, at, row -> row.deletedAt = at);
    }

    /**
     * Erases a leader's personal data from every subscription of theirs, deleted ones too: name and target overwritten,
     * secret dropped, the leader's id replaced by a pseudonym (so deliveries still name a subscription, no person), and
     * the subscription deleted. Answers the subscriptions it changed.
     */
    public List<UUID> eraseLeader(String leaderId, String pseudonym, Instant at) {
        List<SubscriptionRow> rows = SubscriptionRow.list("leaderId", leaderId);
        for (SubscriptionRow row : rows) {
            if (leaderId.equals(row.createdBy)) {
                row.createdBy = pseudonym; // a leader who made their own subscription
            }
            row.leaderId = pseudonym;
            row.leaderName = ERASED;
            row.target = ERASED;
            row.secret = null;
            row.deletedAt = row.deletedAt == null ? at : row.deletedAt;
            row.updatedAt = at;
            row.version++;
        }
        return rows.stream().map(row -> row.subscriptionId).toList();
    }

    /** What an erased leader's name and target read as. */
    public static final String ERASED = "(erased)";

    /** Changes the row under its lock if it is not deleted and still at {@code expectedVersion}. */
    private boolean change(UUID subscriptionId, int expectedVersion, Instant at, Consumer<SubscriptionRow> how) {
        SubscriptionRow row = SubscriptionRow.findById(subscriptionId, LockModeType.PESSIMISTIC_WRITE);
        if (row == null || row.deletedAt != null || row.version != expectedVersion) {
            return false;
        }
        how.accept(row);
        row.updatedAt = at;
        row.version++;
        return true;
    }

    /** The subscription if it exists, is not deleted, and the caller may see it. */
    public Optional<Subscription> find(UUID subscriptionId, TeamScope visible) {
        return SubscriptionRow.<SubscriptionRow>findByIdOptional(subscriptionId)
                .filter(row -> row.deletedAt == null && visibleTo(row, visible))
                .map(SubscriptionRow::subscription);
    }

    public Paging.Page<Subscription> list(String teamId, String leaderId, TeamScope visible, Paging paging) {
        EntityFilter filter = new EntityFilter().where("deletedAt is null", new Parameters())
                .equal("leaderId", leaderId);
        if (teamId != null) {
            filter.where("array_contains(teamIds, :teamId)", Parameters.with("teamId", teamId));
        }
        if (!visible.everyTeam()) {
            filter.where("array_includes(:visibleTeams, teamIds)",
                    Parameters.with("visibleTeams", visible.asSqlArray()));
        }
        return PagedQuery.of(SubscriptionRow.<SubscriptionRow>find(filter.query(),
                Sort.by("createdAt").and("subscriptionId"), filter.parameters()), paging, SubscriptionRow::subscription);
    }

    /** Every subscription in force, for matching an alert (a leader's handful each: few enough to match in memory). */
    public List<Subscription> active() {
        return SubscriptionRow.<SubscriptionRow>list("deletedAt is null").stream()
                .map(SubscriptionRow::subscription).toList();
    }

    /** One subscription whose digest is due, locked until the caller's transaction ends (replicas skip it). */
    public Optional<Subscription> lockDueDigest(Instant now) {
        return SubscriptionRow.<SubscriptionRow>find("""
                        deletedAt is null and (
                            (digest = 'DAILY' and lastDigestAt <= :dayAgo)
                            or (digest = 'WEEKLY' and lastDigestAt <= :weekAgo)
                            or (digest = 'MONTHLY' and lastDigestAt <= :monthAgo))""",
                        Sort.by("lastDigestAt"), Parameters.with("dayAgo", now.minus(java.time.Duration.ofDays(1)))
                                .and("weekAgo", now.minus(java.time.Duration.ofDays(7)))
                                .and("monthAgo", now.atOffset(ZoneOffset.UTC).minusMonths(1).toInstant()))
                .withLock(LockModeType.PESSIMISTIC_WRITE).withHint(LOCK_TIMEOUT, Timeouts.SKIP_LOCKED_MILLI)
                .page(0, 1).firstResultOptional().map(SubscriptionRow::subscription);
    }

    public void digestSent(UUID subscriptionId, Instant at) {
        SubscriptionRow.<SubscriptionRow>findByIdOptional(subscriptionId).ifPresent(row -> row.lastDigestAt = at);
    }

    /** The signing secret of a subscription, decrypted for a delivery. */
    String secretOf(SubscriptionRow row) {
        return secrets.decrypt(row.secret, purpose(row.subscriptionId));
    }

    private static boolean visibleTo(SubscriptionRow row, TeamScope visible) {
        if (visible.everyTeam()) {
            return true;
        }
        for (String team : row.teamIds) {
            if (!visible.includes(team)) {
                return false;
            }
        }
        return true;
    }
}
