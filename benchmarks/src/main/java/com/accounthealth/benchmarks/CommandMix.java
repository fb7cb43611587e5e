package com.accounthealth.benchmarks;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The everyday commands of account-service in realistic proportions: mostly interactions and feedback, some
 * competitor sightings, support issues, new contacts and client events. Each is a complete command (event + outbox
 * row in one transaction), as a CRM sync or survey tool would send it.
 */
final class CommandMix {

    record Command(String name, String path, String body) {
    }

    private static final String[] INTERACTIONS = {"MEETING", "CALL", "EMAIL", "BUSINESS_REVIEW"};
    private static final String[] GRADES = {"A", "A-", "B+", "B", "B-", "C", "D"};
    private static final String[] COMPETITORS = {"Initech Analytics", "Northwind CRM", "Contoso Insights"};
    private static final String[] CAPABILITIES = {"forecasting", "eu-data-residency", "sso", "mobile-app", "ai-assistant"};
    private static final String[] SEVERITIES = {"LOW", "MEDIUM", "HIGH"};
    private static final String[] ROLES = {"INFLUENCER", "USER", "CHAMPION"};

    private CommandMix() {
    }

    /**
     * A command for virtual user {@code user} (1-based) of {@code users}: each user works on accounts of its own, as
     * separate integrations would, so concurrency conflicts on one stream do not distort the figure.
     */
    static Command next(List<AccountPool.Member> pool, int users, long user, Random random) {
        int slot = (int) ((user - 1) % users);
        int perUser = Math.max(1, pool.size() / users);
        AccountPool.Member m = pool.get((slot + users * random.nextInt(perUser)) % pool.size());
        return of(m, random);
    }

    static Command of(AccountPool.Member m, Random random) {
        String base = "/api/v1/accounts/" + m.accountId();
        String at = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS).toString();
        int dice = random.nextInt(100);
        if (dice < 45) {
            return new Command("interaction", base + "/interactions", """
                    {"type":"%s","occurredAt":"%s","contactIds":["%s"],"clientTeamId":"%s","summary":"Check-in on adoption"}"""
                    .formatted(INTERACTIONS[random.nextInt(INTERACTIONS.length)], at, m.contactId(), m.teamId()));
        }
        if (dice < 70) {
            return new Command("feedback", base + "/feedback", """
                    {"grade":"%s","question":"How likely are you to renew?","comment":"Survey answer","contactId":"%s","occurredAt":"%s"}"""
                    .formatted(GRADES[random.nextInt(GRADES.length)], m.contactId(), at));
        }
        if (dice < 80) {
            return new Command("competitor-sighting", base + "/competitor-sightings", """
                    {"competitor":"%s","clientTeamId":"%s","capabilities":["%s"],"occurredAt":"%s"}"""
                    .formatted(COMPETITORS[random.nextInt(COMPETITORS.length)], m.teamId(),
                            CAPABILITIES[random.nextInt(CAPABILITIES.length)], at));
        }
        if (dice < 90) {
            return new Command("support-issue", base + "/support-issues", """
                    {"severity":"%s","title":"Report export slow","occurredAt":"%s"}"""
                    .formatted(SEVERITIES[random.nextInt(SEVERITIES.length)], at));
        }
        if (dice < 97) {
            return new Command("contact", base + "/contacts", """
                    {"name":"Grace Hopper %s","title":"Manager","clientTeamId":"%s","role":"%s","occurredAt":"%s"}"""
                    .formatted(UUID.randomUUID().toString().substring(0, 8), m.teamId(), ROLES[random.nextInt(ROLES.length)], at));
        }
        return new Command("client-event", base + "/client-events", """
                {"type":"EXPANSION","occurredAt":"%s","description":"New office announced"}""".formatted(at));
    }
}
