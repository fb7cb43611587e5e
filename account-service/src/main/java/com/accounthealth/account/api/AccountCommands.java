package com.accounthealth.account.api;

import com.accounthealth.account.api.AccountRequests.AddContact;
import com.accounthealth.account.api.AccountRequests.MapClientTeam;
import com.accounthealth.account.api.AccountRequests.OpenAccount;
import com.accounthealth.account.api.AccountRequests.OpenSupportIssue;
import com.accounthealth.account.api.AccountRequests.RecordChurn;
import com.accounthealth.account.api.AccountRequests.RecordClientEvent;
import com.accounthealth.account.api.AccountRequests.RecordCompetitorSighting;
import com.accounthealth.account.api.AccountRequests.RecordDeparture;
import com.accounthealth.account.api.AccountRequests.RecordDowngrade;
import com.accounthealth.account.api.AccountRequests.RecordFeedback;
import com.accounthealth.account.api.AccountRequests.RecordInteraction;
import com.accounthealth.account.api.AccountRequests.RecordRenewal;
import com.accounthealth.account.api.AccountRequests.RecordRenewalLoss;
import com.accounthealth.account.api.AccountRequests.ResolveSupportIssue;
import com.accounthealth.account.api.AccountRequests.Timed;
import com.accounthealth.account.api.AccountRequests.UpdateProfile;
import com.accounthealth.account.domain.Account;
import com.accounthealth.contract.account.AccountEvent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The account commands a request can name rather than reach by its path: a line of a bulk import, and the fact an
 * amendment records in place of a retracted one. Each reads the body its single request takes.
 */
final class AccountCommands {

    private AccountCommands() {
    }

    /** The ids a line may carry besides its body, as the single request's path would. */
    record Ids(UUID accountId, UUID id, UUID contactId, UUID issueId) {
    }

    /**
     * A command a bulk import line may name, and an amendment may record in place of a fact.
     *
     * @param path    the single request's path under the account, for the line's idempotency scope
     * @param status  the single request's success status (201: it creates something, whose id it answers)
     * @param takesId whether the line may give the id of what it creates ({@code id}), for later lines to name: a
     *                contact, a client team, a support issue
     */
    record Command<B extends Timed>(Class<B> body, String path, int status, boolean takesId,
                                            Decision<B> decision) {
    }

    @FunctionalInterface
    interface Decision<B> {
        Function<Account, AccountEvent> of(B body, Ids ids);
    }

    private static final Map<String, Command<?>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("openAccount", new Command<>(OpenAccount.class, "", 201, false,
                (b, ids) -> a -> a.open(ids.accountId(), b.profile())));
        COMMANDS.put("updateProfile", new Command<>(UpdateProfile.class, "/profile", 200, false,
                (b, ids) -> a -> a.updateProfile(b.profile())));
        COMMANDS.put("mapClientTeam", new Command<>(MapClientTeam.class, "/teams", 201, true,
                (b, ids) -> a -> a.mapClientTeam(ids.id(), b.name())));
        COMMANDS.put("addContact", new Command<>(AddContact.class, "/contacts", 201, true,
                (b, ids) -> a -> a.addContact(ids.id(), b.name(), b.title(), b.clientTeamId(), b.role())));
        COMMANDS.put("recordDeparture", new Command<>(RecordDeparture.class, "/contacts/{contactId}/departure", 200,
                false, (b, ids) -> a -> a.recordDeparture(ids.contactId())));
        COMMANDS.put("recordInteraction", new Command<>(RecordInteraction.class, "/interactions", 201, false,
                (b, ids) -> a -> a.recordInteraction(ids.id(), b.type(), b.contactIds(), b.clientTeamId(), b.summary())));
        COMMANDS.put("recordClientEvent", new Command<>(RecordClientEvent.class, "/client-events", 201, false,
                (b, ids) -> a -> a.recordClientEvent(ids.id(), b.type(), b.description())));
        COMMANDS.put("recordCompetitorSighting", new Command<>(RecordCompetitorSighting.class, "/competitor-sightings",
                201, false, (b, ids) -> a -> a.recordCompetitorSighting(ids.id(), b.competitor(), b.clientTeamId(),
                b.capabilities())));
        COMMANDS.put("openSupportIssue", new Command<>(OpenSupportIssue.class, "/support-issues", 201, true,
                (b, ids) -> a -> a.openSupportIssue(ids.id(), b.severity(), b.title())));
        COMMANDS.put("resolveSupportIssue", new Command<>(ResolveSupportIssue.class,
                "/support-issues/{issueId}/resolution", 200, false, (b, ids) -> a -> a.resolveSupportIssue(ids.issueId())));
        COMMANDS.put("recordFeedback", new Command<>(RecordFeedback.class, "/feedback", 201, false,
                (b, ids) -> a -> a.recordFeedback(ids.id(), b.grade(), b.question(), b.comment(), b.contactId())));
        COMMANDS.put("recordRenewal", new Command<>(RecordRenewal.class, "/renewals", 200, false,
                (b, ids) -> a -> a.renew(AccountRequests.money(b.newArr()), b.nextRenewalDate())));
        COMMANDS.put("recordDowngrade", new Command<>(RecordDowngrade.class, "/downgrades", 200, false,
                (b, ids) -> a -> a.downgrade(AccountRequests.money(b.newArr()), b.reason())));
        COMMANDS.put("recordRenewalLoss", new Command<>(RecordRenewalLoss.class, "/renewal-loss", 200, false,
                (b, ids) -> a -> a.loseRenewal(b.reason(), b.competitor())));
        COMMANDS.put("recordChurn", new Command<>(RecordChurn.class, "/churn", 200, false,
                (b, ids) -> a -> a.churn(b.reason())));
    }

    /** The command that records a fact of this event type again (an amendment's replacement), if it has one. */
    static String recording(String factType) {
        return switch (factType) {
            case "InteractionRecorded" -> "recordInteraction";
            case "ClientEventRecorded" -> "recordClientEvent";
            case "CompetitorSighted" -> "recordCompetitorSighting";
            case "SupportIssueOpened" -> "openSupportIssue";
            case "FeedbackReceived" -> "recordFeedback";
            default -> null;
        };
    }

    static Command<?> named(String name) {
        return COMMANDS.get(name);
    }

    static Set<String> names() {
        return COMMANDS.keySet();
    }
}
