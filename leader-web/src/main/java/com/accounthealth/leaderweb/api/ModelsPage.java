package com.accounthealth.leaderweb.api;

import com.accounthealth.client.healthscore.BacktestsApi;
import com.accounthealth.client.healthscore.ModelsApi;
import com.accounthealth.client.healthscore.model.BacktestRequest;
import com.accounthealth.leaderweb.infrastructure.ServiceCall;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Health models and their checks: the stored models with the one in force, two models side by side, what-if before
 * activation, and backtests with their charts (lead times, ROC curve, calibration). Starting a what-if or a
 * backtest needs the health:admin scope; without it the API's 403 shows as "Not allowed".
 */
@Path("/models")
@Produces(MediaType.TEXT_HTML)
public class ModelsPage {


    private final ModelsApi health;
    private final BacktestsApi backtests;
    private final Template models;
    private final Template comparison;
    private final Template backtest;
    private final Template whatIf;
    private final Views views;

    public ModelsPage(ModelsApi health, BacktestsApi backtests, @Location("models.html") Template models,
                      @Location("model-comparison.html") Template comparison,
                      @Location("backtest.html") Template backtest, @Location("what-if.html") Template whatIf,
                      Views views) {
        this.health = health;
        this.backtests = backtests;
        this.models = models;
        this.comparison = comparison;
        this.backtest = backtest;
        this.whatIf = whatIf;
        this.views = views;
    }

    @GET
    public TemplateInstance list() {
        Object stored = ServiceCall.answer(() -> health.listModels(0, 200)).getItems();
        return views.page(models, "Health models")
                .data("requestId", UUID.randomUUID().toString())
                .data("models", views.plain(stored))
                .data("backtests", backtests());
    }

    /** The backtests, or none for a leader of some teams (a backtest is portfolio-wide: the API answers 403). */
    private Object backtests() {
        try {
            return views.plain(ServiceCall.answer(backtests::listBacktests));
        } catch (ServiceCall.Refused e) {
            if (e.status() == 403) {
                return List.of();
            }
            throw e;
        }
    }

    @GET
    @Path("/compare")
    public TemplateInstance compare(@QueryParam("a") String a, @QueryParam("b") String b) {
        Map<String, String> left = flatten(views.tree(ServiceCall.answer(() -> health.getModel(a)).getModel()));
        Map<String, String> right = flatten(views.tree(ServiceCall.answer(() -> health.getModel(b)).getModel()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String key : new TreeSet<>(union(left, right))) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("key", key);
            row.put("a", left.getOrDefault(key, "–"));
            row.put("b", right.getOrDefault(key, "–"));
            row.put("differs", !String.valueOf(left.get(key)).equals(String.valueOf(right.get(key))));
            rows.add(row);
        }
        return views.page(comparison, "Models " + a + " and " + b).data("a", a).data("b", b).data("rows", rows);
    }

    /** A form posted after the session ended comes back as a GET once the leader signed in again: the models page. */
    @GET
    @Path("/{version}/what-if")
    public Response whatIfAfterSigningInAgain() {
        return Response.seeOther(URI.create("/models")).build();
    }

    @GET
    @Path("/backtests")
    public Response backtestAfterSigningInAgain() {
        return Response.seeOther(URI.create("/models")).build();
    }

    @POST
    @Path("/{version}/what-if")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response startWhatIf(@PathParam("version") String version, @FormParam("requestId") String requestId) {
        // The form's own id (per model): a double submit starts one job.
        UUID job = ServiceCall.answer(() -> health.whatIf(version, key(requestId, version))).getJobId();
        return Response.seeOther(URI.create("/models/" + version + "/what-if/" + job)).build();
    }

    @GET
    @Path("/{version}/what-if/{jobId}")
    public TemplateInstance whatIf(@PathParam("version") String version, @PathParam("jobId") UUID jobId) {
        return views.page(whatIf, "What if " + version + " were in force")
                .data("version", version)
                .data("report", views.plain(ServiceCall.answer(() -> health.whatIfReport(jobId, version, 0, 200, null))));
    }

    @POST
    @Path("/backtests")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response startBacktest(@FormParam("requestId") String requestId, @FormParam("models") List<String> versions,
                                  @FormParam("from") String from, @FormParam("to") String to,
                                  @FormParam("horizonDays") int horizonDays, @FormParam("stepDays") int stepDays) {
        BacktestRequest request = new BacktestRequest().models(versions).from(day("from", from)).to(day("to", to))
                .horizonDays(horizonDays).stepDays(stepDays);
        UUID job = ServiceCall.answer(() -> backtests.start(request, key(requestId, "backtest"))).getJobId();
        return Response.seeOther(URI.create("/models/backtests/" + job)).build();
    }

    @GET
    @Path("/backtests/{jobId}")
    public TemplateInstance backtest(@PathParam("jobId") UUID jobId) {
        JsonNode report = views.tree(ServiceCall.answer(() -> backtests.report(jobId, null, null)));
        return views.page(backtest, "Backtest")
                .data("report", views.plain(summaries(report)))
                .data("charts", views.json(chartData(report.path("report").path("models"))));
    }

    private static LocalDate day(String field, String value) {
        try {
            return LocalDate.parse(value == null ? "" : value.strip());
        } catch (DateTimeParseException e) {
            throw new ApiAnswers.NotDone(field + ": a day is needed, as YYYY-MM-DD");
        }
    }

    /** The Idempotency-Key of a form's post: the id the page gave the form, told apart per action. */
    private static String key(String requestId, String action) {
        String id = Views.given(requestId);
        return id == null ? null : id + "-" + action;
    }

    /** The report without its per-account results: the page's tables need only each model's figures. */
    private static JsonNode summaries(JsonNode report) {
        JsonNode copy = report.deepCopy();
        copy.path("report").path("models").forEach(m -> ((ObjectNode) m).remove("results"));
        return copy;
    }

    /**
     * What the three charts draw, once for all three and no more: per model its counts, ROC AUC and calibration, and
     * per account only [lead days, lowest score, churned, calm, caught]. A big backtest's full report would be
     * megabytes of HTML.
     */
    private static List<Map<String, Object>> chartData(JsonNode models) {
        List<Map<String, Object>> charts = new ArrayList<>();
        for (JsonNode m : models) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("modelVersion", m.path("modelVersion").asText());
            model.put("positives", m.path("positives").asInt());
            model.put("negatives", m.path("negatives").asInt());
            model.put("rocAuc", m.path("rocAuc").isNumber() ? m.path("rocAuc").asDouble() : null);
            model.put("calibration", m.path("calibration"));
            List<Object[]> accounts = new ArrayList<>();
            m.path("results").forEach(r -> accounts.add(new Object[] {
                    r.path("leadDays").isNumber() ? r.path("leadDays").asLong() : null,
                    r.path("lowestScore").isNumber() ? r.path("lowestScore").asInt() : null,
                    r.path("positive").asBoolean(), r.path("negative").asBoolean(), r.path("caught").asBoolean()}));
            model.put("accounts", accounts);
            charts.add(model);
        }
        return charts;
    }

    /** A model's numbers as dotted keys ({@code weights.satisfaction: 25}), for a side-by-side table. */
    private static Map<String, String> flatten(JsonNode node) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", node, flat);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into);
            }
        } else {
            into.put(prefix, node.isValueNode() ? node.asText() : node.toString());
        }
    }

    private static Set<String> union(Map<String, String> a, Map<String, String> b) {
        Set<String> keys = new HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }
}
