package com.accounthealth.healthscore.domain;

import com.accounthealth.contract.account.Grade;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * What health-score-service knows about one account: every fact from the account, feedback and opportunity
 * streams, folded from the inbox. Scoring reads only this (and the clock and the model), so the same facts always
 * give the same health. Each fact keeps the id of the event that reported it, so reasons can point at evidence.
 *
 * @param profileKnown false while only deals or other facts arrived before the account itself (any order is fine)
 * @param openedAt     when the account was opened (its opening's business time); null while its profile is unknown
 */
public record AccountFacts(UUID accountId, boolean profileKnown, String name, Tier tier, String ownerId,
                           String teamId, BigDecimal arr, String currency, LocalDate renewalDate,
                           Integer growthTargetPercent, boolean churned, Instant openedAt, List<ClientTeam> clientTeams,
                           List<Contact> contacts, List<Interaction> interactions, List<Feedback> feedback,
                           List<CompetitorSighting> competitorSightings, List<SupportIssue> supportIssues,
                           List<ClientEvent> clientEvents, List<Deal> deals) {

    public enum Tier { STRATEGIC, ENTERPRISE, MID_MARKET, SMB }

    public enum ContactRole { DECISION_MAKER, CHAMPION, INFLUENCER, USER }

    public enum InteractionType { MEETING, CALL, EMAIL, BUSINESS_REVIEW }

    public enum Severity { LOW, MEDIUM, HIGH, CRITICAL }

    public enum ClientEventType { ACQUISITION, FUNDING_ROUND, NEW_EXECUTIVE, LEADERSHIP_DEPARTURE, LAYOFFS, EXPANSION }

    public enum DealType { NEW_BUSINESS, UPSELL, CROSS_SELL, RENEWAL }

    public enum DealStage { QUALIFIED, DISCOVERY, DEMO, PROPOSAL, NEGOTIATION, CLOSED_WON, CLOSED_LOST }

    public enum DealStatus { OPEN, WON, LOST }

    public record ClientTeam(UUID id, String name, UUID eventId) {
    }

    /** A contact by id and role only: names are personal data, which this service neither needs nor keeps. */
    public record Contact(UUID id, ContactRole role, UUID clientTeamId, Instant addedAt,
                          Instant departedAt, UUID eventId, UUID departureEventId) {
    }

    public record Interaction(UUID eventId, InteractionType type, Instant at, List<UUID> contactIds,
                              UUID clientTeamId) {
    }

    /** A grade as people write it: A+ .. F (see {@link Grade}). */
    public record Feedback(UUID eventId, Grade grade, String question, Instant at) {
    }

    public record CompetitorSighting(UUID eventId, String competitor, UUID clientTeamId, List<String> capabilities,
                                     Instant at) {
    }

    public record SupportIssue(UUID issueId, Severity severity, String title, Instant openedAt, Instant resolvedAt,
                               UUID eventId) {
        public boolean isOpen() {
            return resolvedAt == null;
        }
    }

    public record ClientEvent(UUID eventId, ClientEventType type, Instant at, String description) {
    }

    /**
     * A deal as its events left it.
     *
     * @param lastStageChangeAt when it entered its current stage (its opening counts as the first stage change)
     */
    public record Deal(UUID opportunityId, String name, DealType type, BigDecimal amount, String currency,
                       DealStage stage, DealStatus status, Instant openedAt, Instant lastStageChangeAt, int slipCount,
                       List<String> competitors, Instant closedAt, String lossReason, String lossCompetitor,
                       List<String> missingCapabilities, List<UUID> eventIds) {
        public boolean isOpen() {
            return status == DealStatus.OPEN;
        }
    }
}
