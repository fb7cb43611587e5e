package com.accounthealth.healthscore.application;

import com.accounthealth.healthscore.infrastructure.model.HealthModels;
import com.accounthealth.healthscore.infrastructure.PortfolioPositions;
import com.accounthealth.healthscore.infrastructure.RescoreJobs;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A projection added to a database that already holds accounts is built by scoring every account once more, as a
 * re-score job under the configured model (stored, shared by the replicas, resumed after a restart). The first replica
 * to start after the upgrade starts it, and starts it again if it failed; a new database starts with its projections
 * built (see V9 in db/migration).
 */
@ApplicationScoped
public class BuildingProjections {

    private static final Logger LOG = Logger.getLogger(BuildingProjections.class);
    static final String PORTFOLIO_POSITIONS = "portfolio-positions";
    static final String CLOSED_DEALS = "closed-deals";
    /** Every projection written with an account's health; one re-score builds all that are missing. */
    static final List<String> PROJECTIONS = List.of(PORTFOLIO_POSITIONS, CLOSED_DEALS);

    private final PortfolioPositions positions;
    private final RescoreJobs jobs;
    private final HealthModels models;

    public BuildingProjections(PortfolioPositions positions, RescoreJobs jobs, HealthModels models) {
        this.positions = positions;
        this.jobs = jobs;
        this.models = models;
    }

    void start(@Observes StartupEvent ignored) {
        buildMissing();
    }

    /**
     * The decision, the job and its record commit together: a projection is never recorded as building without the
     * job that builds it, and one whose job failed is built again at the next start.
     */
    public void buildMissing() {
        record Building(List<String> projections, RescoreJobs.Job job) {
        }
        Optional<Building> building = QuarkusTransaction.requiringNew().call(() -> {
            List<String> missing = PROJECTIONS.stream().filter(positions::needsBuild).toList();
            if (missing.isEmpty()) {
                return Optional.empty();
            }
            RescoreJobs.Job started = jobs.create(models.active(), RescoringThePortfolio.ACCOUNTS_PER_TRANSACTION,
                    "building " + String.join(", ", missing), Instant.now());
            missing.forEach(p -> positions.building(p, started.jobId()));
            return Optional.of(new Building(missing, started));
        });
        building.ifPresent(b -> LOG.infof("Building the %s projections of %d accounts: re-score job %s",
                b.projections(), b.job().total(), b.job().jobId()));
    }
}
