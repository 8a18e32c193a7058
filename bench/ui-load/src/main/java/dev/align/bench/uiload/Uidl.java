package dev.align.bench.uiload;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * What Vaadin Flow's browser client does, as Gatling steps: each request carries the UI's CSRF token
 * ({@code Vaadin-Security-Key} from the bootstrap), the server's last sync id and the client's message
 * id; each answer gives the next ones. After a navigation the Grid connector confirms the data it was
 * sent (as the browser's does), or the server would keep every unconfirmed update for that session.
 * The shapes were taken from a real Chromium's requests to this application (Vaadin 25.2).
 */
final class Uidl {

    private static final Pattern SYNC_ID = Pattern.compile("\"syncId\":(\\d+)");
    private static final Pattern CLIENT_ID = Pattern.compile("\"clientId\":(\\d+)");
    private static final Pattern GRID_CONFIRM =
            Pattern.compile("\\{\"@v-node\":(\\d+)},(\\d+),\"return \\$0\\.\\$connector\\.confirm\\(\\$1\\)\"");

    private Uidl() {
    }

    /** Session attributes set by the bootstrap request: the UI's id and its CSRF token. */
    static Session started(Session session) {
        return session.set("syncId", 0).set("clientId", 0).set("historyIdx", 0);
    }

    /** The client-side router's navigation to a server route, as a click on a menu link sends it. */
    static ChainBuilder navigate(String name, String route, String expectedText) {
        return request(name, session -> event(1, "ui-navigate", "{\"route\":\"" + route
                + "\",\"query\":\"\",\"appShellTitle\":\"\",\"historyState\":{\"idx\":"
                + session.getInt("historyIdx") + "},\"trigger\":\"client\"}"), expectedText)
                .exec(session -> session.set("historyIdx", session.getInt("historyIdx") + 1))
                .exec(confirmGrids());
    }

    /** The first navigation of a new page, to where the sign-in sent the browser. */
    static ChainBuilder firstNavigation(String name, String route, String query, String expectedText) {
        return request(name, session -> event(1, "ui-navigate", "{\"route\":\"/" + route + "\",\"query\":\""
                + query + "\",\"appShellTitle\":\"\",\"historyState\":{\"idx\":0},\"trigger\":\"\"}"), expectedText)
                .exec(confirmGrids());
    }

    /** The poll the Add-ons card asks for while it is shown (every 15 s when no sync runs). */
    static ChainBuilder poll() {
        return request("poll", session -> "{\"type\":\"event\",\"node\":1,\"event\":\"ui-poll\"}", null);
    }

    private static ChainBuilder confirmGrids() {
        return doIf(session -> !session.getList("confirms").isEmpty()).then(request("grid confirm", session -> {
            List<String> rpc = new ArrayList<>();
            for (Object confirm : session.getList("confirms")) {
                String[] nodeAndId = ((String) confirm).split(":");
                rpc.add("{\"type\":\"publishedEventHandler\",\"node\":" + nodeAndId[0]
                        + ",\"templateEventMethodName\":\"confirmUpdate\",\"templateEventMethodArgs\":["
                        + nodeAndId[1] + "],\"promise\":0}");
            }
            return String.join(",", rpc);
        }, null));
    }

    private static String event(int node, String event, String data) {
        return "{\"type\":\"event\",\"node\":" + node + ",\"event\":\"" + event + "\",\"data\":" + data + "}";
    }

    private static ChainBuilder request(String name, Function<Session, String> rpc, String expectedText) {
        var post = http(name).post("/?v-r=uidl&v-uiId=#{uiId}")
                .header("Content-Type", "application/json; charset=UTF-8")
                .body(StringBody(session -> "{\"csrfToken\":\"" + session.getString("vaadinCsrf") + "\",\"rpc\":["
                        + rpc.apply(session) + "],\"syncId\":" + session.getInt("syncId") + ",\"clientId\":"
                        + session.getInt("clientId") + "}"))
                .check(status().is(200), bodyString().saveAs("uidl"),
                        // Vaadin answers a refused or broken message with 200 and one of these in "meta".
                        substring("appError").notExists(), substring("sessionExpired").notExists(),
                        substring("\"syncId\":"));
        if (expectedText != null) {
            post = post.check(substring(expectedText));
        }
        return exec(post).exec(Uidl::answered);
    }

    /** The ids the next message must carry, and the grid updates to confirm, from the server's answer. */
    static Session answered(Session session) {
        String body = session.getString("uidl");
        List<String> confirms = new ArrayList<>();
        Matcher confirm = GRID_CONFIRM.matcher(body);
        while (confirm.find()) {
            confirms.add(confirm.group(1) + ":" + confirm.group(2));
        }
        return session.set("syncId", last(SYNC_ID, body, session.getInt("syncId")))
                .set("clientId", first(CLIENT_ID, body, session.getInt("clientId") + 1))
                .set("confirms", confirms)
                .remove("uidl");
    }

    private static int first(Pattern pattern, String body, int otherwise) {
        Matcher matcher = pattern.matcher(body);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : otherwise;
    }

    private static int last(Pattern pattern, String body, int otherwise) {
        Matcher matcher = pattern.matcher(body);
        int value = otherwise;
        while (matcher.find()) {
            value = Integer.parseInt(matcher.group(1));
        }
        return value;
    }
}
