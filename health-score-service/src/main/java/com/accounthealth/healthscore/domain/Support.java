package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.Severity;
import com.accounthealth.healthscore.domain.AccountFacts.SupportIssue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Support (model v1 weight 10): 100 minus {@code perOpenHighOrCritical} (25) per open {@code HIGH} or
 * {@code CRITICAL} issue ("OpenSevereIssue"), minus {@code perLongOpenIssue} (10) per issue of any severity open
 * over {@code longOpenDays} (14) days, i.e. 15 or more ("IssueOpenTooLong"); floor 0. A HIGH issue open 20 days
 * costs 35. Resolved issues cost nothing.
 *
 * <p>Scored whenever the account profile is known, with or without issues: an account that never needed support
 * is good news (100), not missing data. No data while the profile is unknown.
 */
public final class Support {

    public static final String COMPONENT = "support";
    private static final int FULL = 100;

    private Support() {
    }

    public static Health.ComponentScore score(AccountFacts facts, Instant now, HealthModel model) {
        HealthModel.Support rules = model.support();
        int weight = model.weights().support();
        if (!facts.profileKnown()) {
            return Facts.noData(COMPONENT, weight, "Account profile not received yet: support is not scored");
        }
        List<Health.Reason> reasons = new ArrayList<>();
        for (SupportIssue issue : Facts.list(facts.supportIssues())) {
            if (issue.isOpen()) {
                openSevereIssue(issue, rules).ifPresent(reasons::add);
                issueOpenTooLong(issue, now, rules).ifPresent(reasons::add);
            }
        }
        int score = FULL + reasons.stream().mapToInt(Health.Reason::points).sum();
        return Facts.scored(COMPONENT, Math.max(0, score), weight, reasons);
    }

    private static Optional<Health.Reason> openSevereIssue(SupportIssue issue, HealthModel.Support rules) {
        if (issue.severity() != Severity.HIGH && issue.severity() != Severity.CRITICAL) {
            return Optional.empty();
        }
        return Optional.of(new Health.Reason("OpenSevereIssue",
                issue.severity() + " issue '" + issue.title() + "' is open: -" + rules.perOpenHighOrCritical(),
                -rules.perOpenHighOrCritical(), Facts.ids(issue.eventId())));
    }

    private static Optional<Health.Reason> issueOpenTooLong(SupportIssue issue, Instant now, HealthModel.Support rules) {
        if (issue.openedAt() == null) {
            return Optional.empty();
        }
        long days = Facts.daysSince(issue.openedAt(), now);
        if (days <= rules.longOpenDays()) {
            return Optional.empty();
        }
        return Optional.of(new Health.Reason("IssueOpenTooLong",
                "Issue '" + issue.title() + "' has been open " + Facts.days(days) + " (over " + rules.longOpenDays()
                        + "): -" + rules.perLongOpenIssue(),
                -rules.perLongOpenIssue(), Facts.ids(issue.eventId())));
    }
}
