package com.accounthealth.healthscore.api;

import com.accounthealth.healthscore.application.ManagingSubscriptions;
import com.accounthealth.webapi.ProblemException;
import com.accounthealth.webapi.security.Caller;
import com.accounthealth.webapi.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A sales leader's erasure request: the only personal data health-score holds about a leader is in their
 * subscriptions (name, e-mail address or webhook, id). Client contacts are erased at account-service, which holds the
 * keys to their data.
 */
@Path("/api/v1/leaders/{leaderId}/erasure")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Tag(name = "Notifications", description = "Who hears of which alerts, where; deliveries and snoozes")
public class LeaderErasureResource {

    /** What an erasure request did. */
    public record LeaderErasure(int subscriptionsErased) {
    }

    private final ManagingSubscriptions managing;
    private final Caller caller;

    public LeaderErasureResource(ManagingSubscriptions managing, Caller caller) {
        this.managing = managing;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.PERSONAL_DATA_ERASE)
    @Operation(summary = "Erase a sales leader's personal data from every subscription (GDPR article 17)",
            description = "Overwrites the leader's name and target, replaces their id by a pseudonym, drops the webhook "
                    + "secret and deletes the subscriptions, cancelling deliveries still waiting. Needs a token not "
                    + "limited to teams. Repeating it finds nothing more (subscriptionsErased 0).")
    public LeaderErasure erase(@PathParam("leaderId") String leaderId) {
        caller.teams().requireEveryTeam("Erasing a leader's data");
        if (leaderId.length() > 100) {
            throw ProblemException.badField("leaderId", "at most 100 characters");
        }
        return new LeaderErasure(managing.eraseLeader(leaderId, caller.subject()));
    }
}
