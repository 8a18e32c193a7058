package dev.align.support;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The running test application's Illumera sandbox admin API, for setting up what a test needs. */
@Component
public class SandboxAdmin {

    private final Environment environment;
    private final HttpClient http = HttpClient.newHttpClient();

    SandboxAdmin(Environment environment) {
        this.environment = environment;
    }

    public record Key(String keyId, String key) {
    }

    public String newWorkspace(String name) {
        return member(post("/admin/workspaces", "{\"name\": \"" + name + "\"}"), "id");
    }

    public Key newKey(String workspaceId, Long expiresInSeconds) {
        String answer = post("/admin/keys", "{\"workspaceIds\": [\"" + workspaceId + "\"]"
                + (expiresInSeconds == null ? "" : ", \"expiresInSeconds\": " + expiresInSeconds) + "}");
        return new Key(member(answer, "keyId"), member(answer, "key"));
    }

    public String post(String path, String body) {
        return send("POST", path, body);
    }

    /** A change a person makes in Illumera's own UI (PATCH /admin/tasks/{id}). */
    public String patch(String path, String body) {
        return send("PATCH", path, body);
    }

    /** A deletion a person makes in Illumera's own UI (DELETE /admin/tasks/{id}). */
    public String delete(String path) {
        return send("DELETE", path, null);
    }

    /** How many requests the sandbox has seen with this key. */
    public int requests(String keyId) {
        return requestLog(keyId).size();
    }

    /** How many requests the sandbox has seen with this key in all (not only the last 1,000). */
    public long requestTotal(String keyId) {
        Matcher matcher = Pattern.compile("\"total\":(\\d+)").matcher(send("GET", "/admin/keys/" + keyId + "/requests/total", null));
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /** The workflow triggers the sandbox received for this workspace, oldest first (event, body, …). */
    public List<tools.jackson.databind.JsonNode> triggers(String workspaceId) {
        var answer = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(send("GET", "/admin/workspaces/" + workspaceId + "/triggers", null));
        List<tools.jackson.databind.JsonNode> triggers = new java.util.ArrayList<>();
        answer.forEach(triggers::add);
        return triggers;
    }

    /** One request the sandbox saw: when it arrived and what it answered. */
    public record Request(java.time.Instant at, String method, String path, int status) {
    }

    public List<Request> requestLog(String keyId) {
        Matcher matcher = Pattern.compile("\\{\"at\":\"([^\"]+)\",\"method\":\"([A-Z]+)\",\"path\":\"([^\"]*)\",\"status\":(\\d+)\\}")
                .matcher(send("GET", "/admin/keys/" + keyId + "/requests", null));
        List<Request> requests = new java.util.ArrayList<>();
        while (matcher.find()) {
            requests.add(new Request(java.time.Instant.parse(matcher.group(1)), matcher.group(2), matcher.group(3),
                    Integer.parseInt(matcher.group(4))));
        }
        return requests;
    }

    private String send(String method, String path, String body) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + environment.getProperty("local.server.port") + "/illumera-sandbox" + path))
                .header("Content-Type", "application/json")
                .header("X-Sandbox-Admin-Token", AlignIntegration.SANDBOX_ADMIN_TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String member(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("No " + name + " in " + json);
        }
        return matcher.group(1);
    }
}
