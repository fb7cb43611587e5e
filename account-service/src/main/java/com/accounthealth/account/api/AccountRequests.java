package com.accounthealth.account.api;

import com.accounthealth.account.domain.AccountEvent;
import com.accounthealth.account.domain.ClientEventType;
import com.accounthealth.account.domain.ContactRole;
import com.accounthealth.account.domain.Grade;
import com.accounthealth.account.domain.InteractionType;
import com.accounthealth.account.domain.Money;
import com.accounthealth.account.domain.Severity;
import com.accounthealth.account.domain.Tier;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The bodies of account commands. {@code occurredAt} is business time (when it happened; systems backfill, so it
 * may be long past) and defaults to now.
 */
public final class AccountRequests {

    private AccountRequests() {
    }

    public record MoneyBody(@NotNull @PositiveOrZero BigDecimal amount, @NotNull @IsoCurrency String currency) {
        Money toMoney() {
            return new Money(amount, currency);
        }
    }

    public record OpenAccount(UUID accountId, @NotBlank @Size(max = 200) String name, @Size(max = 100) String industry,
                              @NotNull Tier tier, @NotBlank @Size(max = 100) String ownerId,
                              @NotBlank @Size(max = 100) String teamId, @NotNull @Valid MoneyBody arr,
                              LocalDate renewalDate, @PositiveOrZero @Max(1000) Integer growthTargetPercent,
                              Instant occurredAt) {
        AccountEvent.Profile profile() {
            return new AccountEvent.Profile(name, industry, tier, ownerId, teamId, arr.toMoney(), renewalDate,
                    growthTargetPercent);
        }
    }

    public record UpdateProfile(@NotBlank @Size(max = 200) String name, @Size(max = 100) String industry,
                                @NotNull Tier tier, @NotBlank @Size(max = 100) String ownerId,
                                @NotBlank @Size(max = 100) String teamId, @NotNull @Valid MoneyBody arr,
                                LocalDate renewalDate, @PositiveOrZero @Max(1000) Integer growthTargetPercent,
                                Instant occurredAt) {
        AccountEvent.Profile profile() {
            return new AccountEvent.Profile(name, industry, tier, ownerId, teamId, arr.toMoney(), renewalDate,
                    growthTargetPercent);
        }
    }

    public record MapClientTeam(@NotBlank @Size(max = 100) String name, Instant occurredAt) {
    }

    public record AddContact(@NotBlank @Size(max = 200) String name, @Size(max = 200) String title,
                             UUID clientTeamId, @NotNull ContactRole role, Instant occurredAt) {
    }

    public record RecordDeparture(Instant occurredAt) {
    }

    public record RecordInteraction(@NotNull InteractionType type, @NotNull Instant occurredAt,
                                    @NotNull @Size(max = 50) List<@NotNull UUID> contactIds, UUID clientTeamId,
                                    @Size(max = 2000) String summary) {
    }

    public record RecordClientEvent(@NotNull ClientEventType type, @NotNull Instant occurredAt,
                                    @Size(max = 2000) String description) {
    }

    public record RecordCompetitorSighting(@NotBlank @Size(max = 100) String competitor, UUID clientTeamId,
                                           @NotNull @Size(max = 50) List<@NotBlank String> capabilities,
                                           Instant occurredAt) {
    }

    public record OpenSupportIssue(@NotNull Severity severity, @NotBlank @Size(max = 300) String title,
                                   Instant occurredAt) {
    }

    public record ResolveSupportIssue(Instant occurredAt) {
    }

    public record RecordFeedback(@NotNull Grade grade, @NotBlank @Size(max = 300) String question,
                                 @Size(max = 4000) String comment, UUID contactId, Instant occurredAt) {
    }

    public record RecordRenewal(@NotNull @Valid MoneyBody newArr, LocalDate nextRenewalDate, Instant occurredAt) {
    }

    public record RecordChurn(@NotBlank @Size(max = 2000) String reason, Instant occurredAt) {
    }

}
