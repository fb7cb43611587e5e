package com.accounthealth.personaldata;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Applies {@code personal-data.free-text-retention} every hour: the keys of months past it are destroyed, and with
 * them every interaction summary and feedback comment written about those months. Safe on every replica at once.
 */
@ApplicationScoped
public class FreeTextRetention {

    private static final Logger LOG = Logger.getLogger(FreeTextRetention.class);

    private final PersonalData personalData;

    public FreeTextRetention(PersonalData personalData) {
        this.personalData = personalData;
    }

    @Scheduled(every = "${personal-data.retention-check-every:1h}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void apply() {
        int forgotten = personalData.applyFreeTextRetention(Instant.now());
        if (forgotten > 0) {
            LOG.infof("Free-text retention: destroyed the keys of %d months", forgotten);
        }
    }
}
