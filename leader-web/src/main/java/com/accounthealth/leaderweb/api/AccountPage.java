package com.accounthealth.leaderweb.api;

import com.accounthealth.client.account.AccountsApi;
import com.accounthealth.client.healthscore.AlertsAsWorkApi;
import com.accounthealth.client.healthscore.HealthApi;
import com.accounthealth.client.healthscore.ModelsApi;
import com.accounthealth.client.opportunity.OpportunitiesApi;
import com.accounthealth.leaderweb.infrastructure.ServiceCall;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One account, explained: the score over time with the cause of each change, the six components with every reason,
 * its points, the facts behind it and the next step, then critical signals, competitive gaps, growth signals, deals
 * and the timeline of facts. A leader of another team gets the APIs' own 404.
 */
@Path("/accounts/{accountId}")
@Produces(MediaType.TEXT_HTML)
public class AccountPage {

    private final HealthApi health;
    private final AlertsAsWorkApi alerts;
    private final ModelsApi models;
    private final AccountsApi accounts;
    private final OpportunitiesApi opportunities;
    private final Template account;
    private final Views views;

    public AccountPage(HealthApi health, AlertsAsWorkApi alerts, ModelsApi models, AccountsApi accounts,
                       OpportunitiesApi opportunities, @Location("account.html") Template account,
                       Views views) {
        this.health = health;
        this.alerts = alerts;
        this.models = models;
        this.accounts = accounts;
        this.opportunities = opportunities;
        this.account = account;
        this.views = views;
    }

    @GET
    public TemplateInstance show(@PathParam("accountId") UUID accountId) {
        String id = accountId.toString();
        // The answers are walked as JSON trees by the API's own names: reasons and facts are explained generically.
        JsonNode current = views.tree(ServiceCall.answer(() -> health.getAccountHealth(accountId, null, null, null)));
        JsonNode facts = views.tree(ServiceCall.answer(() -> accounts.get(accountId)));
        JsonNode events = views.tree(ServiceCall.answer(() -> accounts.events(accountId)));
        JsonNode nextSteps = views.tree(ServiceCall.answer(alerts::nextSteps));
        String modelVersion = current.path("modelVersion").asText("v1");
        Object bands = ServiceCall.answer(() -> models.getModel(modelVersion)).getModel().getStatus();
        FactDescriptions described = new FactDescriptions(facts);
        Map<String, JsonNode> eventsById = new HashMap<>();
        events.forEach(e -> eventsById.put(e.path("eventId").asText(), e));

        List<Map<String, Object>> components = new ArrayList<>();
        for (JsonNode component : current.path("components")) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", component.path("component").asText());
            c.put("score", component.path("score").isNull() ? "no data" : component.path("score").asText());
            c.put("weight", component.path("weight").asInt());
            List<Map<String, Object>> reasons = new ArrayList<>();
            for (JsonNode reason : component.path("reasons")) {
                reasons.add(explained(reason, eventsById, nextSteps, described));
            }
            c.put("reasons", reasons);
            components.add(c);
        }
        List<Map<String, Object>> critical = new ArrayList<>();
        current.path("criticalSignals").forEach(s -> critical.add(explained(s, eventsById, nextSteps, described)));

        List<Map<String, Object>> timeline = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0; i--) {
            timeline.add(described.describe(events.get(i)));
        }
        return views.page(account, facts.path("profile").path("name").asText("Account"))
                .data("accountId", id)
                .data("facts", views.plain(facts))
                .data("health", views.plain(current))
                .data("components", components)
                .data("critical", critical)
                .data("history", views.json(Map.of("points", views.plain(ServiceCall.answer(() -> health.history(accountId))),
                        "bands", views.plain(bands))))
                .data("gaps", views.plain(ServiceCall.answer(() -> health.accountGaps(accountId)).getGaps()))
                .data("growth", views.plain(ServiceCall.answer(() -> health.growthSignals(accountId))))
                .data("deals", views.plain(ServiceCall.answer(() -> opportunities.callList(id, 0, 50, null)).getItems()))
                .data("timeline", timeline);
    }

    /** A reason (or critical signal) with the facts behind it described, and the practice's next step for it. */
    private static Map<String, Object> explained(JsonNode reason, Map<String, JsonNode> eventsById, JsonNode nextSteps,
                                                 FactDescriptions described) {
        Map<String, Object> r = new LinkedHashMap<>();
        String rule = reason.path("rule").asText();
        r.put("rule", rule);
        r.put("sentence", reason.path("sentence").asText());
        r.put("points", reason.has("points") ? reason.path("points").asInt() : null);
        List<Map<String, Object>> behind = new ArrayList<>();
        reason.path("eventIds").forEach(e -> {
            JsonNode event = eventsById.get(e.asText());
            if (event != null) {
                behind.add(described.describe(event));
            }
        });
        r.put("facts", behind);
        boolean costsPoints = !reason.has("points") || reason.path("points").asInt() < 0;
        r.put("nextStep", costsPoints && nextSteps.hasNonNull(rule) ? nextSteps.get(rule).asText() : null);
        return r;
    }
}
