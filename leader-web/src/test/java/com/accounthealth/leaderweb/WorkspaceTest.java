package com.accounthealth.leaderweb;

import com.accounthealth.testsupport.KafkaTestResource;
import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.testsupport.WriterServices;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The workspace in headless Chromium, against the real services and the development identity provider: a leader of
 * emea-north signs in, reads the portfolio and an account's score down to its facts, works an alert, and cannot reach
 * another team's account or post a form without its CSRF token.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "topics", value = "account-events,feedback-events,opportunity-events,account-health-alerts,account-health-changes,health-score-dead-letters"))
@WithTestResource(value = WorkspaceUnderTest.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkspaceTest {

    private static final String TEAM = "emea-north";
    private static final String OTHER_TEAM = "na-east";

    @TestHTTPResource("/")
    URL workspace;

    private static ChromeDriver browser;
    private static String ourAccount;
    private static String theirAccount;

    /** What the leader of emea-north sees through the API itself, to compare the pages with. */
    private static RequestSpecification asLena() {
        return TestTokens.asTeam(TEAM, "lena", "health:read", "alerts:work")
                .baseUri(WriterServices.healthScoreServiceUrl());
    }

    @BeforeAll
    static void accountsAndABrowser() {
        ourAccount = atRiskAccount(TEAM, "Nordlicht Logistics");
        theirAccount = atRiskAccount(OTHER_TEAM, "Hudson Freight");
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            asLena().get("/api/v1/health/accounts/" + ourAccount).then().statusCode(200);
            assertThat(asLena().get("/api/v1/alerts/inbox?size=200").then().statusCode(200).extract().jsonPath()
                    .getList("items.accountId")).contains(ourAccount);
        });
        browser = Browser.start(1280, 900);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** A strategic account that goes at risk: an F on the renewal question a month before renewal, after a meeting. */
    private static String atRiskAccount(String team, String name) {
        var accounts = TestTokens.as("crm-sync", "accounts:write").baseUri(WriterServices.accountServiceUrl())
                .contentType("application/json");
        String account = accounts.body("""
                {"name":"%s","tier":"STRATEGIC","ownerId":"ae-1","teamId":"%s",
                 "arr":{"amount":480000,"currency":"EUR"},"renewalDate":"%s"}"""
                .formatted(name, team, LocalDate.now().plusDays(30))).post("/api/v1/accounts").then().statusCode(201)
                .extract().path("accountId");
        // Who met whom: the CFO of the client's Finance team, in a meeting last week.
        String finance = accounts.body("{\"name\":\"Finance\"}").post("/api/v1/accounts/" + account + "/teams")
                .then().statusCode(201).extract().path("createdId");
        String cfo = accounts.body("""
                {"name":"Ines Ortega","title":"CFO","clientTeamId":"%s","role":"DECISION_MAKER"}""".formatted(finance))
                .post("/api/v1/accounts/" + account + "/contacts").then().statusCode(201).extract().path("createdId");
        accounts.body("""
                {"type":"MEETING","occurredAt":"%s","contactIds":["%s"],"clientTeamId":"%s","summary":"Renewal terms"}"""
                .formatted(Instant.now().minus(Duration.ofDays(7)), cfo, finance))
                .post("/api/v1/accounts/" + account + "/interactions").then().statusCode(201);
        TestTokens.as("survey-tool", "accounts:write").baseUri(WriterServices.accountServiceUrl())
                .contentType("application/json").body("{\"grade\":\"F\",\"question\":\"Will you renew?\"}")
                .post("/api/v1/accounts/" + account + "/feedback").then().statusCode(201);
        return account;
    }

    private String page(String path) {
        return workspace.toString().replaceAll("/$", "") + path;
    }

    @Test
    @Order(1)
    void aLeaderSignsInThroughTheIdentityProviderAndSeesThePortfolioTheApiGives() {
        browser.get(page("/portfolio?team=" + TEAM));
        // Not signed in: the identity provider's sign-in form, then back to the page asked for.
        browser.findElement(By.id("username")).sendKeys("lena");
        browser.findElement(By.id("password")).sendKeys("demo", Keys.ENTER);
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.getCurrentUrl().contains("/portfolio"));
        assertThat(browser.findElement(By.tagName("header")).getText()).contains("Lena Brandt");

        JsonPath standing = asLena().get("/api/v1/portfolio/status?teamId=" + TEAM).then().statusCode(200).extract()
                .jsonPath();
        assertThat(browser.findElement(By.id("total-accounts")).getText())
                .isEqualTo(String.valueOf(standing.getInt("accounts")));
        Map<String, String> shownCounts = browser.findElements(By.cssSelector("#status-counts tbody tr")).stream()
                .collect(Collectors.toMap(r -> r.getDomAttribute("data-status"),
                        r -> r.findElement(By.className("count")).getText()));
        List<Map<String, Object>> statuses = standing.getList("statuses");
        assertThat(shownCounts).hasSize(statuses.size());
        statuses.forEach(s -> assertThat(shownCounts.get(String.valueOf(s.get("status"))))
                .isEqualTo(String.valueOf(s.get("accounts"))));
        assertThat(browser.findElement(By.id("at-risk-list")).getText()).contains("Nordlicht Logistics")
                .doesNotContain("Hudson Freight");
        assertThat(browser.findElement(By.id("renewal-list")).getText()).contains("Nordlicht Logistics");
        await().atMost(Duration.ofSeconds(10)).until(() -> "true".equals(browser
                .findElement(By.cssSelector("[data-chart=status-over-time]")).getDomAttribute("data-drawn")));
        Browser.screenshot(browser, "portfolio");
    }

    @Test
    @Order(2)
    void anAccountPageExplainsTheScoreDownToItsFacts() {
        browser.get(page("/accounts/" + ourAccount));
        JsonPath health = asLena().get("/api/v1/health/accounts/" + ourAccount).then().statusCode(200).extract()
                .jsonPath();
        assertThat(browser.findElement(By.id("account-score")).getText())
                .isEqualTo(String.valueOf(health.getInt("score")));
        String satisfaction = browser.findElement(By.cssSelector("[data-component=satisfaction]")).getText();
        for (String sentence : health.<String>getList("components.find { it.component == 'satisfaction' }.reasons.sentence")) {
            assertThat(satisfaction).contains(sentence);
        }
        // The fact behind the grade, readably: what was recorded, with its grade and question.
        assertThat(satisfaction).contains("Feedback").contains("grade: F").contains("Will you renew?");
        // Who met whom, by name and role, in the timeline of facts.
        assertThat(browser.findElement(By.className("timeline")).getText())
                .contains("Interaction recorded", "with: Ines Ortega (decision maker)", "client team: Finance");
        String critical = browser.findElement(By.id("main")).getText();
        assertThat(critical).contains("Critical signals").contains("Next step:");
        await().atMost(Duration.ofSeconds(10)).until(() -> "true".equals(browser
                .findElement(By.cssSelector("[data-chart=score-history]")).getDomAttribute("data-drawn")));
        Browser.screenshot(browser, "account");
    }

    @Test
    @Order(3)
    void acknowledgingAndAssigningAnAlertPersistsInHealthScoreService() {
        String alert = asLena().get("/api/v1/alerts/inbox?size=200").then().extract().jsonPath()
                .getString("items.find { it.accountId == '" + ourAccount + "' }.alertId");
        browser.get(page("/alerts"));
        Browser.screenshot(browser, "alerts");
        browser.get(page("/alerts/" + alert));
        assertThat(browser.findElement(By.id("next-steps")).getText()).isNotBlank();
        browser.findElement(By.id("acknowledge")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("alert-state")).getText()
                .equals("ACKNOWLEDGED"));
        WebElement assignee = browser.findElement(By.id("assignee"));
        assignee.sendKeys("ae-9");
        browser.findElement(By.id("assign")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("alert-assignee")).isEmpty());
        browser.findElement(By.id("text")).sendKeys("Renewal call booked with the CFO");
        browser.findElement(By.id("comment")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("activity")).getText()
                .contains("COMMENTED: Renewal call booked with the CFO"));
        Browser.screenshot(browser, "alert");

        asLena().get("/api/v1/alerts/" + alert).then().statusCode(200)
                .body("alert.work.state", equalTo("ACKNOWLEDGED"))
                .body("alert.work.assignee", equalTo("ae-9"))
                .body("alert.work.acknowledgedBy", equalTo("lena"));
    }

    @Test
    @Order(4)
    void anotherTeamsAccountIsNotFoundByEditingTheUrl() {
        browser.get(page("/accounts/" + theirAccount));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        assertThat(browser.getPageSource()).doesNotContain("Hudson Freight");
        assertThat(signedIn().get(page("/accounts/" + theirAccount)).statusCode()).isEqualTo(404);
        Browser.screenshot(browser, "not-found");
    }

    @Test
    @Order(5)
    void aFormPostWithoutItsCsrfTokenIsRefusedAndChangesNothing() {
        String alert = asLena().get("/api/v1/alerts/inbox?size=200").then().extract().jsonPath()
                .getString("items.find { it.accountId == '" + ourAccount + "' }.alertId");
        Response refused = signedIn().contentType("application/x-www-form-urlencoded").formParam("resolution", "forged")
                .post(page("/alerts/" + alert + "/resolve"));
        assertThat(refused.statusCode()).isBetween(400, 403);
        // Nor can another site frame a page to have the leader click in it.
        Response page = signedIn().get(page("/alerts/" + alert));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
        asLena().get("/api/v1/alerts/" + alert).then().statusCode(200)
                .body("alert.work.state", equalTo("ACKNOWLEDGED"));
    }

    @Test
    @Order(6)
    void everyPageLabelsItsControlsAndFitsAPhone() {
        List<String> pages = List.of("/portfolio", "/accounts/" + ourAccount, "/alerts", "/competition", "/models");
        for (String path : pages) {
            browser.get(page(path));
            // Every visible control has an accessible name: a label, aria-label, or (buttons, links) its text.
            Object unlabelled = browser.executeScript("""
                    return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a'))
                      .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
                      .map(e => e.outerHTML);""");
            assertThat((List<?>) unlabelled).as("%s: controls without a name", path).isEmpty();
            Object charts = browser.executeScript("""
                    return Array.from(document.querySelectorAll('[data-chart]'))
                      .filter(e => e.getAttribute('role') !== 'img' || !e.getAttribute('aria-label')).length;""");
            assertThat(((Number) charts).intValue()).as("%s: charts without a text alternative", path).isZero();
            // The first Tab lands on the skip link, which leads to the main content.
            browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
            assertThat(browser.switchTo().activeElement().getText()).as("%s: first tab stop", path)
                    .isEqualTo("Skip to content");
        }
        ChromeDriver phone = Browser.start(390, 844);
        try {
            // The same leader on a phone: the session cookies of the laptop's browser, set on the workspace's host.
            phone.get(page("/q/health/live"));
            browser.manage().getCookies().forEach(c -> phone.manage().addCookie(c));
            for (String path : pages) {
                phone.get(page(path));
                // Once the page has settled (charts drawn, scroll bar in place), nothing is wider than the screen.
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    Object overflow = phone.executeScript(
                            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                    assertThat(((Number) overflow).intValue())
                            .as("%s at phone width: sideways scrolling of the page", path).isLessThanOrEqualTo(0);
                });
            }
            phone.get(page("/portfolio"));
            Browser.screenshot(phone, "portfolio-phone");
            phone.get(page("/accounts/" + ourAccount));
            Browser.screenshot(phone, "account-phone");
        } finally {
            phone.quit();
        }
    }

    @Test
    @Order(7)
    void aLeaderOfEveryTeamComparesModelsRunsABacktestAndSeesItsCharts() {
        String draft = "web-" + System.nanoTime();
        TestTokens.as("ops-console", "health:admin").baseUri(WriterServices.healthScoreServiceUrl())
                .contentType("application/json").body("""
                        {"version":"%s","description":"Satisfaction weighs more","changes":{"weights":{"satisfaction":40}}}"""
                        .formatted(draft)).post("/api/v1/models").then().statusCode(201);
        // An outcome to check the models against: the other team's account at risk churns.
        TestTokens.as("crm-sync", "accounts:write").baseUri(WriterServices.accountServiceUrl())
                .contentType("application/json").body("{\"reason\":\"Budget cut\"}")
                .post("/api/v1/accounts/" + theirAccount + "/churn").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> TestTokens.as("ops-console", "health:read")
                .baseUri(WriterServices.healthScoreServiceUrl()).get("/api/v1/health/accounts/" + theirAccount
                        + "/outcomes").then().statusCode(200).body("size()", equalTo(1)));
        ChromeDriver sams = Browser.start(1280, 900);
        try {
            sams.get(page("/models"));
            sams.findElement(By.id("username")).sendKeys("sam");
            sams.findElement(By.id("password")).sendKeys("demo", Keys.ENTER);
            await().atMost(Duration.ofSeconds(20)).until(() -> sams.getCurrentUrl().endsWith("/models"));
            assertThat(sams.findElement(By.id("model-list")).getText()).contains("v1", draft);

            sams.get(page("/models/compare?a=v1&b=" + draft));
            List<String> differing = sams.findElements(By.cssSelector("#comparison tr.differs")).stream()
                    .map(WebElement::getText).toList();
            assertThat(differing).contains("weights.satisfaction (differs) 25 40", "version (differs) v1 " + draft);
            assertThat(sams.findElements(By.cssSelector("#comparison tr:not(.differs)"))).as("rows alike").isNotEmpty();
            Browser.screenshot(sams, "models-side-by-side");

            sams.get(page("/models"));
            sams.findElement(By.name("from")).sendKeys("01012026");
            sams.findElement(By.name("to")).sendKeys("01012028");
            sams.findElement(By.cssSelector("form[action='/models/backtests'] button")).click();
            await().atMost(Duration.ofSeconds(20)).until(() -> sams.getCurrentUrl().contains("/models/backtests/"));
            String job = sams.getCurrentUrl().replaceAll(".*/models/backtests/", "");
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> TestTokens.as("ops-console", "health:read")
                    .baseUri(WriterServices.healthScoreServiceUrl()).get("/api/v1/backtests/" + job).then()
                    .statusCode(200).body("progress.state", equalTo("DONE")));
            sams.navigate().refresh();
            assertThat(sams.findElement(By.id("backtest-models")).getText()).contains("v1", draft);
            for (String chart : List.of("lead-times", "roc", "calibration")) {
                await().atMost(Duration.ofSeconds(10)).until(() -> "true".equals(sams
                        .findElement(By.cssSelector("[data-chart=" + chart + "]")).getDomAttribute("data-drawn")));
            }
            Browser.screenshot(sams, "backtest");
        } finally {
            sams.quit();
        }
        // A leader of one team sees no portfolio-wide backtests, and cannot start one.
        browser.get(page("/models"));
        assertThat(browser.findElement(By.id("backtest-list")).getText()).contains("None you may see");
    }

    @Test
    @Order(8)
    void signingOutEndsTheSession() {
        browser.get(page("/sign-out"));
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/signed-out"));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("You are signed out");
        browser.get(page("/portfolio"));
        assertThat(browser.findElements(By.id("username"))).as("the sign-in form again").isNotEmpty();
    }

    /** The browser's session cookies on a plain HTTP client, to read statuses a browser does not show. */
    private static RequestSpecification signedIn() {
        var request = RestAssured.given().redirects().follow(false);
        for (Cookie c : browser.manage().getCookies()) {
            request.cookie(c.getName(), c.getValue());
        }
        return request;
    }
}
