package dev.align.sandbox;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns each change into one pending delivery per matching webhook of the workspace, in the
 * transaction of the change (so no change is announced that did not happen, and none is forgotten).
 */
@Component
class WebhookEvents {

    private final SandboxStore store;
    private final SandboxClock clock;
    private final JsonMapper json;

    WebhookEvents(SandboxStore store, SandboxClock clock, JsonMapper json) {
        this.store = store;
        this.clock = clock;
        this.json = json;
    }

    void changed(String type, String workspaceId, Object resource) {
        Instant occurredAt = occurredAt(resource);
        for (var webhook : store.webhooks(workspaceId)) {
            if (webhook.enabled() && matches(webhook.events(), type)) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("type", type);
                body.put("workspaceId", workspaceId);
                body.put("occurredAt", occurredAt);
                body.put("data", resource);
                store.insertDelivery(Ids.next("msg_"), webhook.id(), type, json.writeValueAsString(body), clock.now());
            }
        }
    }

    static boolean matches(Iterable<String> patterns, String type) {
        for (String pattern : patterns) {
            if (pattern.equals(type) || (pattern.endsWith(".*")
                    && type.startsWith(pattern.substring(0, pattern.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    private static Instant occurredAt(Object resource) {
        return switch (resource) {
            case Records.Task task -> task.updatedAt();
            case Records.Sprint sprint -> sprint.updatedAt();
            case Records.Workspace workspace -> workspace.updatedAt();
            default -> Instant.now();
        };
    }
}
