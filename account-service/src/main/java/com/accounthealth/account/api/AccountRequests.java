package com.accounthealth.account.api;

import com.accounthealth.contract.account.AccountEvent;
import com.accounthealth.contract.account.ClientEventType;
import com.accounthealth.contract.account.ContactRole;
import com.accounthealth.contract.account.Grade;
import com.accounthealth.contract.account.InteractionType;
import com.accounthealth.contract.account.Severity;
import com.accounthealth.contract.account.Tier;
import com.accounthealth.kernel.Money;
import com.accounthealth.webapi.DateBounds;
import com.accounthealth.webapi.MoneyBody;
import com.accounthealth.webapi.ProblemException;
import com.accounthealth.webapi.RequestValues;
import com.accounthealth.webapi.SingleLine;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The bodies of account commands. {@code occurredAt} is business time (when it happened; systems backfill, so it
 * may be long past) and defaults to now.
 */
public final class AccountRequests {

    /** Free text that scores quote, so it is kept in the clear: it must be about the company, not about a person. */
    static final String ABOUT_THE_COMPANY = "Free text about the company, kept in the clear and quoted in health reasons: "
            + "do not name people here (use contacts, interactions and feedback for what concerns a person).";
    /** Free text about people, sealed before it is stored (docs/personal-data.md). */
    static final String SEALED = "Free text about the people involved: stored sealed under their keys and its month's, "
            + "unreadable once one of them is erased or free-text retention has passed.";

    private AccountRequests() {
    }

    /** A command body: when what it records happened (business time), if the caller said. */
    public interface Timed {
        Instant occurredAt();
    }

    static Money money(MoneyBody body) {
        return new Money(body.amount(), body.currency());
    }

    public record OpenAccount(@Schema(example = "6f1c2a4e-0b7d-4c1e-9a52-3f8e2d1b7c90") UUID accountId,
                              @NotBlank @Size(max = 200) @SingleLine @Schema(example = "Globex") String name,
                              @Size(max = 100) @SingleLine @Schema(example = "Manufacturing") String industry,
                              @NotNull @Schema(example = "STRATEGIC") Tier tier,
                              @NotBlank @Size(max = 100) @SingleLine @Schema(example = "ae-042") String ownerId,
                              @NotBlank @Size(max = 100) @SingleLine @Schema(example = "emea-north") String teamId,
                              @NotNull @Valid MoneyBody arr,
                              @Schema(example = "2027-03-31") @DateBounds LocalDate renewalDate,
                              @PositiveOrZero @Max(1000) @Schema(example = "15") Integer growthTargetPercent,
                              @Schema(example = "2026-09-01T10:00:00Z") @DateBounds Instant occurredAt) implements Timed {
        AccountEvent.Profile profile() {
            return new AccountEvent.Profile(name, industry, tier, ownerId, teamId, money(arr), renewalDate,
                    growthTargetPercent);
        }
    }

    public record UpdateProfile(@NotBlank @Size(max = 200) @SingleLine @Schema(example = "Globex") String name,
                                @Size(max = 100) @SingleLine @Schema(example = "Manufacturing") String industry,
                                @NotNull @Schema(example = "STRATEGIC") Tier tier,
                                @NotBlank @Size(max = 100) @SingleLine @Schema(example = "ae-042") String ownerId,
                                @NotBlank @Size(max = 100) @SingleLine @Schema(example = "emea-north") String teamId,
                                @NotNull @Valid MoneyBody arr,
                                @Schema(example = "2027-03-31") @DateBounds LocalDate renewalDate,
                                @PositiveOrZero @Max(1000) @Schema(example = "15") Integer growthTargetPercent,
                                @Schema(example = "2026-09-01T10:00:00Z") @DateBounds Instant occurredAt) implements Timed {
        AccountEvent.Profile profile() {
            return new AccountEvent.Profile(name, industry, tier, ownerId, teamId, money(arr), renewalDate,
                    growthTargetPercent);
        }
    }

    public record MapClientTeam(@NotBlank @Size(max = 100) @SingleLine @Schema(example = "Globex") String name,
                                @Schema(example = "2026-09-01T10:00:00Z") @DateBounds Instant occurredAt) implements Timed {
    }

    public record LinkReference(@NotBlank @Size(max = 50) @Pattern(regexp = "[a-z0-9][a-z0-9._-]*")
                                @Schema(example = "salesforce") String system,
                                @NotBlank @Size(max = 200) @SingleLine @Schema(example = "0015g00000XyZ1AAI")
                                String externalId) {
    }

    public record RetractFact(@NotBlank @Size(max = 2000) @Schema(example = "Sighting recorded on the wrong account",
            description = "Why the fact was a mistake: kept in the clear with the audit trail, so do not name people.")
                              String reason) {
    }

    public record AmendFact(@NotBlank @Size(max = 2000) @Schema(example = "Grade typed as F, the survey says B",
            description = "Why the fact was wrong: kept in the clear with the audit trail, so do not name people.")
                            String reason,
                            @NotNull @Schema(description = "The right fact: the body the fact's own command takes "
                                    + "(POST .../feedback for feedback, .../competitor-sightings for a sighting, ...); "
                                    + "its occurredAt defaults to the amended fact's.",
                                    example = "{\"grade\":\"B\",\"question\":\"How likely are you to renew?\"}")
                            com.fasterxml.jackson.databind.JsonNode replacement) {
    }

    public record AddContact(@NotBlank @Size(max = 200) @SingleLine @Schema(example = "Globex") String name,
                             @Size(max = 200) @SingleLine @Schema(example = "CFO") String title,
                             @Schema(example = "0d9a4c5e-7e0f-4a51-b1d4-8c1f6e2a3b47") UUID clientTeamId,
                             @NotNull @Schema(example = "CHAMPION") ContactRole role,
                             @Schema(example = "2026-09-01T10:00:00Z") @DateBounds Instant occurredAt) implements Timed {
    }

    public record RecordDeparture(@Schema(example = "2026-09-01T10:00:00Z") @DateBounds Instant occurredAt) implements Timed {
    }

    public record RecordInteraction(@NotNull @Schema(example = "BUSINESS_REVIEW") InteractionType type,
                                    @NotNull @Schema(example = "2026-09-01T10:00:00Z") @DateBounds Instant occurredAt,
                                    @NotNull @Size(max = 50) List<@NotNull UUID> contactIds,
                                    @Schema(example = "0d9a4c5e-7e0f-4a51-b1d4-8c1f6e2a3b47") UUID clientTeamId,
                                    @Size(max = 2000) @Schema(example = "Quarterly business review with the CFO", description = SEALED) String summary) implements Timed {
    }

    public record RecordClientEvent(@NotNull @Schema(example = "FUNDING_ROUND") ClientEventType type,
                                    @NotNull @Schema(example = "2026-09-01T10:00:00Z") @DateBounds Instant occurredAt,
                                    @Size(max = 2000) @Schema(example = "Series C, EUR 80m", description = ABOUT_THE_COMPANY) String description) implements Timed {
    }

    public record RecordCompetitorSighting(@NotBlank @Size(max = 100) @SingleLine @Schema(example = "Initech") String competitor,
                                           @Schema(example = "0d9a4c5e-7e0f-4a51-b1d4-8c1f6e2a3b47") UUID clientTeamId,
                                           @NotNull @Size(max = 50) List<@NotBlank @Size(max = 100) @SingleLine String> capabilities,
                                           @Schema(example = "2026-09-01T10:00:00Z") @DateBounds Instant occurredAt) implements Timed {
    }

    public record OpenSupportIssue(@NotNull @Schema(example = "HIGH") Severity severity,
                                   @NotBlank @Size(max = 300) @SingleLine @Schema(example = "SSO outage", description = ABOUT_THE_COMPANY) String title,
                                   @Schema(example = "2026-09-01T10:00:00Z") @DateBounds Instant occurredAt) implements Timed {
    }

    public record ResolveSupportIssue(@Schema(example = "2026-09-01T10:00:00Z") @DateBounds Instant occurredAt) implements Timed {
    }

    public record RecordFeedback(@NotNull @Schema(example = "B-", type = SchemaType.STRING, enumeration = {"A+", "A", "A-", "B+", "B", "B-", "C+", "C",
                                         "C-", "D+", "D", "D-", "F"}) Grade grade,
                                 @NotBlank @Size(max = 300) @SingleLine @Schema(example = "How likely are you to renew?") String question,
                                 @Size(max = 4000) @Schema(example = "Too expensive for what we use", description = SEALED) String comment,
                                 @Schema(example = "a3e1f6b2-5c4d-4e8f-9a0b-1c2d3e4f5a6b") UUID contactId,
                                 @Schema(example = "2026-09-01T10:00:00Z") @DateBounds Instant occurredAt) implements Timed {
    }

    public record RecordRenewal(@NotNull @Valid MoneyBody newArr,
                                @Schema(example = "2028-03-31") @DateBounds LocalDate nextRenewalDate,
                                @Schema(example = "2026-09-01T10:00:00Z") @DateBounds Instant occurredAt) implements Timed {
    }

    public record RecordDowngrade(@NotNull @Valid MoneyBody newArr,
                                  @NotBlank @Size(max = 2000) @Schema(example = "Dropped the reporting add-on", description = ABOUT_THE_COMPANY) String reason,
                                  @Schema(example = "2026-09-01T10:00:00Z") @DateBounds Instant occurredAt) implements Timed {
    }

    public record RecordRenewalLoss(@NotBlank @Size(max = 2000) @Schema(example = "Moved to a cheaper tool", description = ABOUT_THE_COMPANY) String reason,
                                    @Size(max = 100) @SingleLine @Schema(example = "Initech", description = "The competitor that won it, if any") String competitor,
                                    @Schema(example = "2026-09-01T10:00:00Z") @DateBounds Instant occurredAt) implements Timed {
    }

    public record RecordChurn(@NotBlank @Size(max = 2000) @Schema(example = "Budget cut after the acquisition", description = ABOUT_THE_COMPANY) String reason,
                              @Schema(example = "2026-09-01T10:00:00Z") @DateBounds Instant occurredAt) implements Timed {
    }

}
