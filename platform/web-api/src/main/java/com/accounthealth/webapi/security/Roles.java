package com.accounthealth.webapi.security;

/**
 * The scopes a calling system's bearer token carries (claim {@code scope}, space separated, as OAuth2 access tokens
 * do). Each endpoint names the one it needs; a token gets only what its system needs (a CRM sync writes accounts and
 * opportunities; it cannot re-score the portfolio).
 */
public final class Roles {

    public static final String ACCOUNTS_WRITE = "accounts:write";
    public static final String ACCOUNTS_READ = "accounts:read";
    /**
     * Bulk imports of account facts: history, which announces no alert however recent it is, so only for the systems
     * that load history (a CRM sync), not for every writer.
     */
    public static final String ACCOUNTS_IMPORT = "accounts:import";
    public static final String OPPORTUNITIES_WRITE = "opportunities:write";
    public static final String OPPORTUNITIES_READ = "opportunities:read";
    /** Bulk imports of deals: history, like {@link #ACCOUNTS_IMPORT}. */
    public static final String OPPORTUNITIES_IMPORT = "opportunities:import";
    public static final String HEALTH_READ = "health:read";
    public static final String NOTIFICATIONS_MANAGE = "notifications:manage";
    /** Working alerts: acknowledging, assigning, commenting, snoozing and resolving them (a sales leader's token). */
    public static final String ALERTS_WORK = "alerts:work";
    /** Re-scoring the portfolio and replays: portfolio-wide, so a team-scoped token never has it in effect. */
    public static final String HEALTH_ADMIN = "health:admin";
    /** Access requests: everything held about one person (a privacy officer's token, not a sales system's). */
    public static final String PERSONAL_DATA_READ = "personal-data:read";
    /** Erasure requests: destroying a person's data for good. */
    public static final String PERSONAL_DATA_ERASE = "personal-data:erase";

    private Roles() {
    }
}
