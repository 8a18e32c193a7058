package dev.align.bench.uiload;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;


import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.currentLocation;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Admins of the demo organisation Acme, each in their own browser session: sign in, land on the
 * Add-ons card, then browse sync history, audit trail and the card again with a few seconds between
 * pages, and finally stay on the card (polling as it asks) until the benchmark has measured the heap.
 * Settings (system properties): bench.url, bench.users, bench.ramp (seconds), bench.rounds, bench.hold-on.
 */
public class AdminBrowsing extends Simulation {

    private final String url = System.getProperty("bench.url", "http://127.0.0.1:8080");
    private final int users = Integer.getInteger("bench.users", 50);
    private final int rampSeconds = Integer.getInteger("bench.ramp", 60);
    private final int rounds = Integer.getInteger("bench.rounds", 3);
    /** Where the sessions wait while the heap is measured: card (default), history or audit. */
    private final String holdOn = System.getProperty("bench.hold-on", "card");
    /** Both Acme admins of the demo data, taken in turn (several sessions per person, as with two tabs). */
    private static final String[] ACCOUNTS = {"owner@acme.example", "admin@acme.example"};

    /** What Vaadin's client sends with its bootstrap request (the browser's details; values of a real one). */
    private static final String BROWSER_DETAILS = "&v-sh=900&v-sw=1440&v-wh=900&v-ww=1440&v-bh=900&v-bw=1440"
            + "&v-curdate=1796226809713&v-tzo=0&v-dstd=0&v-rtzo=0&v-dston=false&v-tzid=UTC&v-td=false&v-pr=1"
            + "&v-np=Linux%20x86_64&v-cs=light&v-pv=VISIBLE&v-fs=NOT_FULLSCREEN&v-so=landscape-primary&v-soa=0"
            + "&v-tn=lumo&v-ga=PROMPT&v-wla=SUPPORTED&v-ws=false";

    private final HttpProtocolBuilder protocol = http.baseUrl(url)
            .acceptHeader("*/*")
            .acceptLanguageHeader("en")
            .userAgentHeader("Mozilla/5.0 (X11; Linux x86_64) Gatling (Align UI load benchmark)");

    private static ChainBuilder think() {
        return pause(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private final ScenarioBuilder admins = scenario("Acme admin")
            .feed(accounts())
            // The card's address, as from a bookmark: the sign-in page first, then back to the card.
            .exec(http("open card").get("/settings/add-ons")
                    .check(status().is(200), currentLocation().is(url + "/login"),
                            regex("<meta name=\"_csrf\" content=\"([^\"]+)\"").saveAs("csrf")))
            .exec(http("sign in").post("/login")
                    .formParam("_csrf", "#{csrf}")
                    .formParam("username", "#{username}")
                    .formParam("password", "align-demo")
                    // Redirected to the page asked for first (the card): not back to the login page.
                    .check(status().is(200), currentLocation().is(url + "/settings/add-ons?continue")))
            .exec(http("bootstrap").get("/?v-r=init&location=settings%2Fadd-ons&query=continue&v-wn=#{window}"
                            + BROWSER_DETAILS)
                    .check(status().is(200),
                            regex("\"Vaadin-Security-Key\":\"([^\"]+)\"").saveAs("vaadinCsrf"),
                            regex("\"v-uiId\":(\\d+)").saveAs("uiId")))
            .exec(Uidl::started)
            .exitHereIfFailed()
            .exec(Uidl.firstNavigation("card", "settings/add-ons", "continue", "illumera-card"))
            .exitHereIfFailed()
            .repeat(rounds).on(
                    think(),
                    Uidl.navigate("sync history", "settings/add-ons/history", "Sync history"),
                    think(),
                    Uidl.navigate("audit trail", "settings/audit", "Audit trail"),
                    think(),
                    Uidl.navigate("card", "settings/add-ons", "illumera-card"))
            .doIf(session -> holdOn.equals("history")).then(
                    Uidl.navigate("sync history", "settings/add-ons/history", "Sync history"))
            .doIf(session -> holdOn.equals("audit")).then(Uidl.navigate("audit trail", "settings/audit", "Audit trail"))
            .exitHereIfFailed()
            .exec(session -> {
                Hold.ARRIVED.incrementAndGet();
                return session.set("idle", 0);
            })
            // Waiting until measured; the card polls every 15 s while idle (the other views do not poll).
            .asLongAs(session -> !Hold.released()).on(
                    pause(Duration.ofSeconds(1)),
                    exec(session -> session.set("idle", session.getInt("idle") + 1)),
                    doIf(session -> holdOn.equals("card") && session.getInt("idle") % 15 == 0).then(Uidl.poll()));

    private static Iterator<Map<String, Object>> accounts() {
        var taken = new java.util.concurrent.atomic.AtomicInteger();
        Supplier<Map<String, Object>> next = () -> {
            int n = taken.getAndIncrement();
            return Map.of("username", ACCOUNTS[n % ACCOUNTS.length],
                    "window", URLEncoder.encode("v-0." + (100000 + n), StandardCharsets.UTF_8));
        };
        return Stream.generate(next).iterator();
    }

    {
        setUp(admins.injectOpen(rampUsers(users).during(Duration.ofSeconds(rampSeconds)))).protocols(protocol);
    }
}
