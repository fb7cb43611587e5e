package com.accounthealth.healthscore.api;

import com.accounthealth.healthscore.application.ManagingSubscriptions;
import com.accounthealth.healthscore.domain.AlertType;
import com.accounthealth.healthscore.domain.notification.Channel;
import com.accounthealth.healthscore.domain.notification.DigestFrequency;
import com.accounthealth.healthscore.domain.notification.Subscription;
import com.accounthealth.healthscore.domain.notification.TargetPolicy;
import com.accounthealth.healthscore.infrastructure.notification.SubscriptionStore;
import com.accounthealth.webapi.IdempotentRequests;
import com.accounthealth.webapi.MoneyBody;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.Problem;
import com.accounthealth.webapi.ProblemException;
import com.accounthealth.webapi.RequestValues;
import com.accounthealth.webapi.SingleLine;
import com.accounthealth.webapi.security.Caller;
import com.accounthealth.webapi.security.Roles;
import com.accounthealth.webapi.security.TeamScope;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Sales leaders' notification subscriptions. A caller limited to some teams manages only subscriptions whose teams
 * are all its own. Secrets are answered once, when made or rotated; targets are answered with their secret parts hidden.
 */
@Path("/api/v1/notification-subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications", description = "Who hears of which alerts, where; deliveries and snoozes")
public class NotificationSubscriptionResource {

    private static final String TIER = "STRATEGIC|ENTERPRISE|MID_MARKET|SMB";

    public record SubscriptionRequest(
            @NotBlank @Size(max = 100) @SingleLine @Schema(example = "leader-emea") String leaderId,
            @NotBlank @Size(max = 200) @SingleLine @Schema(example = "Dana Scully") String leaderName,
            @NotEmpty @Size(max = 50) @Schema(example = "[\"emea-north\"]") List<@NotBlank @Size(max = 100) @SingleLine String> teamIds,
            @Schema(description = "empty or absent: every tier", example = "[\"STRATEGIC\",\"ENTERPRISE\"]")
            List<@NotNull @Pattern(regexp = TIER) String> tiers,
            @Valid @Schema(description = "only accounts with at least this ARR in this currency") MoneyBody minArr,
            @Schema(description = "empty or absent: every type", example = "[\"ACCOUNT_AT_RISK\",\"ACCOUNT_RECOVERED\"]")
            List<@NotNull AlertType> alertTypes,
            @NotNull @Schema(example = "WEBHOOK") Channel channel,
            @NotBlank @Size(max = 2000) @SingleLine
            @Schema(description = "an https URL (WEBHOOK, SLACK) or an e-mail address",
                    example = "https://crm.example.com/hooks/account-health") String target,
            @Schema(description = "a periodic digest besides the alerts; absent: NONE", example = "WEEKLY")
            DigestFrequency digest) {

        SubscriptionRequest withTarget(String newTarget) {
            return new SubscriptionRequest(leaderId, leaderName, teamIds, tiers, minArr, alertTypes, channel, newTarget,
                    digest);
        }

        Subscription toSubscription(UUID id, int version) {
            return new Subscription(id, leaderId, leaderName, new LinkedHashSet<>(teamIds),
                    tiers == null ? Set.of() : new LinkedHashSet<>(tiers), minArr == null ? null : minArr.amount(),
                    minArr == null ? null : minArr.currency(),
                    alertTypes == null ? Set.of() : new LinkedHashSet<>(alertTypes), channel, target,
                    digest == null ? DigestFrequency.NONE : digest, Instant.now(), version);
        }
    }

    /** A subscription as answered: its target's secret parts hidden; {@code secret} only when just made or rotated. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubscriptionView(UUID subscriptionId, String leaderId, String leaderName, Set<String> teamIds,
                                   Set<String> tiers, MoneyBody minArr, Set<AlertType> alertTypes, Channel channel,
                                   String target, DigestFrequency digest, int version,
                                   @Schema(description = "the webhook signing secret: answered only once")
                                   String secret) {
        static SubscriptionView of(Subscription s, String secret) {
            return new SubscriptionView(s.subscriptionId(), s.leaderId(), s.leaderName(), s.teamIds(), s.tiers(),
                    s.minArr() == null ? null : new MoneyBody(s.minArr(), s.minArrCurrency()), s.alertTypes(),
                    s.channel(), masked(s.channel(), s.target()), s.digest(), s.version(), secret);
        }
    }

    /** The new secret of a rotation. */
    public record RotatedSecret(UUID subscriptionId, String secret) {
    }

    private final ManagingSubscriptions managing;
    private final SubscriptionStore subscriptions;
    private final TargetPolicy targets;
    private final Caller caller;
    private final IdempotentRequests idempotent;

    public NotificationSubscriptionResource(ManagingSubscriptions managing, SubscriptionStore subscriptions,
                                            TargetPolicy targets, Caller caller, IdempotentRequests idempotent) {
        this.idempotent = idempotent;
        this.managing = managing;
        this.subscriptions = subscriptions;
        this.targets = targets;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.NOTIFICATIONS_MANAGE)
    @Operation(summary = "Subscribe a sales leader to alerts; a webhook's signing secret is answered this once")
    @APIResponse(responseCode = "201", description = "Subscribed; the secret is shown this once", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SubscriptionView.class)))
    public Response subscribe(@HeaderParam(IdempotentRequests.HEADER) String key,
                              @Valid @NotNull SubscriptionRequest body) {
        check(body);
        // A retried request with the same Idempotency-Key gets the first answer, secret included, and makes no
        // second subscription (which would notify the leader twice).
        return idempotent.once("POST /api/v1/notification-subscriptions", key, body, () -> {
            ManagingSubscriptions.WithSecret made = managing.subscribe(body.toSubscription(UUID.randomUUID(), 1),
                    caller.subject());
            UUID id = made.subscription().subscriptionId();
            return Response.created(URI.create("/api/v1/notification-subscriptions/" + id))
                    .entity(SubscriptionView.of(made.subscription(), made.secret())).build();
        });
    }

    @GET
    @RolesAllowed(Roles.NOTIFICATIONS_MANAGE)
    @Operation(operationId = "listSubscriptions", summary = "A page of subscriptions, optionally of one team or leader")
    public Paging.Page<SubscriptionView> list(@QueryParam("teamId") String teamId,
                                              @QueryParam("leaderId") String leaderId,
                                              @BeanParam Paging.Request paging) {
        Paging.Page<Subscription> found = subscriptions.list(teamId, leaderId, caller.teams(), paging.paging());
        return new Paging.Page<>(found.items().stream().map(s -> SubscriptionView.of(s, null)).toList(), found.page(),
                found.size(), found.total());
    }

    @GET
    @RolesAllowed(Roles.NOTIFICATIONS_MANAGE)
    @Path("/{subscriptionId}")
    @Operation(operationId = "getSubscription", summary = "One subscription")
    @APIResponse(responseCode = "200", description = "The subscription", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SubscriptionView.class)))
    public Response get(@PathParam("subscriptionId") String subscriptionId) {
        Subscription s = visible(subscriptionId);
        return Response.ok(SubscriptionView.of(s, null)).header(HttpHeaders.ETAG, RequestValues.etag(s.version())).build();
    }

    @PUT
    @RolesAllowed(Roles.NOTIFICATIONS_MANAGE)
    @Path("/{subscriptionId}")
    @Operation(summary = "Replace a subscription; its webhook secret stays (one is made if it becomes a webhook)")
    public SubscriptionView change(@PathParam("subscriptionId") String subscriptionId,
                                   @HeaderParam("If-Match") String ifMatch, @Valid @NotNull SubscriptionRequest body) {
        Subscription current = visible(subscriptionId);
        int expected = expectedVersion(ifMatch, current);
        // A body read from GET carries the target as answered, secret parts hidden: that means "unchanged".
        SubscriptionRequest request = body.channel() == current.channel()
                && body.target().equals(masked(current.channel(), current.target())) ? body.withTarget(current.target())
                : body;
        check(request);
        ManagingSubscriptions.WithSecret changed = managing.change(current,
                        request.toSubscription(current.subscriptionId(), expected + 1), expected, caller.subject())
                .orElseThrow(() -> changedMeanwhile(current.subscriptionId()));
        return SubscriptionView.of(changed.subscription(), changed.secret());
    }

    @POST
    @RolesAllowed(Roles.NOTIFICATIONS_MANAGE)
    @Path("/{subscriptionId}/secret")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Rotate a webhook's signing secret; the new one is answered this once")
    public RotatedSecret rotate(@PathParam("subscriptionId") String subscriptionId,
                                @HeaderParam("If-Match") String ifMatch) {
        Subscription current = visible(subscriptionId);
        int expected = expectedVersion(ifMatch, current);
        if (current.channel() != Channel.WEBHOOK) {
            throw new ProblemException(Problem.of(409, "Conflict",
                    "Only webhook subscriptions have a signing secret; this one is " + current.channel()));
        }
        return new RotatedSecret(current.subscriptionId(), managing.rotateSecret(current.subscriptionId(), expected,
                caller.subject()).orElseThrow(() -> changedMeanwhile(current.subscriptionId())));
    }

    @DELETE
    @RolesAllowed(Roles.NOTIFICATIONS_MANAGE)
    @Path("/{subscriptionId}")
    @Operation(summary = "Delete a subscription; its deliveries still waiting are cancelled")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response unsubscribe(@PathParam("subscriptionId") String subscriptionId,
                                @HeaderParam("If-Match") String ifMatch) {
        Subscription current = visible(subscriptionId);
        if (!managing.unsubscribe(current.subscriptionId(), expectedVersion(ifMatch, current), caller.subject())) {
            throw changedMeanwhile(current.subscriptionId());
        }
        return Response.noContent().build();
    }

    /** {@code If-Match} names the version the caller saw; without it, the version just read (last write wins). */
    private static int expectedVersion(String ifMatch, Subscription current) {
        int expected = RequestValues.ifMatch(ifMatch).orElse(current.version());
        if (expected != current.version()) {
            throw new ProblemException(Problem.of(409, "Conflict", "Subscription " + current.subscriptionId()
                    + " is at version " + current.version() + ", not " + expected).withCurrentVersion(current.version()));
        }
        return expected;
    }

    private ProblemException changedMeanwhile(UUID subscriptionId) {
        int now = subscriptions.find(subscriptionId, caller.teams()).map(Subscription::version).orElse(-1);
        if (now < 0) {
            return ProblemException.notFound("No subscription " + subscriptionId);
        }
        return new ProblemException(Problem.of(409, "Conflict", "Subscription " + subscriptionId
                + " changed meanwhile; it is at version " + now).withCurrentVersion(now));
    }

    private Subscription visible(String subscriptionId) {
        UUID id = RequestValues.uuid(subscriptionId, "subscriptionId");
        return subscriptions.find(id, caller.teams())
                .orElseThrow(() -> ProblemException.notFound("No subscription " + subscriptionId));
    }

    /** The teams must be the caller's, and the target one this service may send to. */
    private void check(SubscriptionRequest body) {
        TeamScope scope = caller.teams();
        body.teamIds().forEach(team -> scope.requireForWrite(team, "teamIds"));
        targets.refusal(body.channel(), body.target()).ifPresent(reason -> {
            throw ProblemException.badField("target", reason);
        });
    }

    /**
     * A Slack incoming-webhook URL is itself the credential (its path), and many webhook URLs carry a token in their
     * path or query: only the origin is answered. Sent back unchanged in a PUT, it keeps the target as it was.
     */
    static String masked(Channel channel, String target) {
        if (channel == Channel.EMAIL) {
            return target;
        }
        URI uri = URI.create(target);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + "/…";
    }
}
