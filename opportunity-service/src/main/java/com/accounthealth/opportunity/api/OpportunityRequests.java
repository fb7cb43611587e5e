package com.accounthealth.opportunity.api;

import com.accounthealth.contract.opportunity.LossReason;
import com.accounthealth.contract.opportunity.OpportunityType;
import com.accounthealth.contract.opportunity.Stage;
import com.accounthealth.kernel.Money;
import com.accounthealth.webapi.DateBounds;
import com.accounthealth.webapi.MoneyBody;
import com.accounthealth.webapi.SingleLine;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The bodies of opportunity commands; {@code occurredAt} is business time and defaults to now. */
public final class OpportunityRequests {

    private OpportunityRequests() {
    }

    static Money money(MoneyBody body) {
        return new Money(body.amount(), body.currency());
    }

    /** Every command says when it happened in business time (null: now). */
    interface Timed {
        Instant occurredAt();
    }

    public record OpenOpportunity(@Schema(example = "9b2f5c1e-3d4a-4b6c-8e7f-0a1b2c3d4e5f") UUID opportunityId,
                                  @NotNull @Schema(example = "6f1c2a4e-0b7d-4c1e-9a52-3f8e2d1b7c90") UUID accountId,
                                  @NotBlank @Size(max = 200) @SingleLine @Schema(example = "Globex — forecasting add-on") String name,
                                  @NotNull @Schema(example = "UPSELL") OpportunityType type,
                                  @NotNull @Valid MoneyBody amount,
                                  @Schema(example = "QUALIFIED", description = "Defaults to QUALIFIED") Stage stage,
                                  @Schema(example = "2026-12-15") @DateBounds LocalDate expectedCloseDate,
                                  @NotBlank @Size(max = 100) @SingleLine @Schema(example = "ae-042") String ownerId,
                                  @NotBlank @Size(max = 100) @SingleLine @Schema(example = "emea-north") String teamId,
                                  @Size(max = 50) @Schema(example = "[\"forecasting\"]") List<@NotBlank @Size(max = 100) @SingleLine String> capabilitiesNeeded,
                                  @Schema(example = "2026-09-01T10:00:00Z") @DateBounds Instant occurredAt) implements Timed {
    }

    public record ChangeStage(@NotNull @Schema(example = "PROPOSAL") Stage stage,
                              @Schema(example = "2026-10-01T09:00:00Z") @DateBounds Instant occurredAt) implements Timed {
    }

    public record ChangeAmount(@NotNull @Valid MoneyBody amount, @DateBounds Instant occurredAt) implements Timed {
    }

    public record ChangeCloseDate(@NotNull @Schema(example = "2027-01-31") @DateBounds LocalDate expectedCloseDate,
                                  @DateBounds Instant occurredAt) implements Timed {
    }

    public record ChangeCompetitor(@NotBlank @Size(max = 100) @SingleLine @Schema(example = "Initech") String competitor,
                                   @Schema(description = "true to add (default), false to remove", example = "true") Boolean engaged,
                                   @DateBounds Instant occurredAt) implements Timed {
    }

    public record Win(@DateBounds Instant occurredAt) implements Timed {
    }

    public record Loss(@NotNull @Schema(example = "COMPETITOR") LossReason reason,
                       @Size(max = 100) @SingleLine @Schema(example = "Initech", description = "Required when reason is COMPETITOR") String competitor,
                       @Size(max = 50) @Schema(example = "[\"forecasting\"]", description = "At least one when reason is MISSING_CAPABILITY")
                       List<@NotBlank @Size(max = 100) @SingleLine String> missingCapabilities,
                       @Size(max = 2000) String comment,
                       @DateBounds Instant occurredAt) implements Timed {
    }
}
