package dev.align.sandbox;

import dev.align.sandbox.Records.Task;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox's admin API for tests and demos (never part of the contract, off unless
 * {@code illumera.sandbox.admin-api}): fault injection, key expiry, the request log, bulk tasks, and
 * changing tasks as a person in Illumera would.
 */
@RestController
@RequestMapping(path = SandboxConfig.PREFIX + "/admin", produces = MediaType.APPLICATION_JSON_VALUE)
@ConditionalOnProperty(name = {"illumera.sandbox.enabled", "illumera.sandbox.admin-api"}, havingValue = "true")
class SandboxAdminController {

    /** Omitted shares and latency are 0. */
    record FaultRequest(String keyId, Double errorRate, Long latencyMillis, Double nonsenseRate) {
        Faults.Setting setting() {
            return new Faults.Setting(errorRate == null ? 0 : errorRate, latencyMillis == null ? 0 : latencyMillis,
                    nonsenseRate == null ? 0 : nonsenseRate);
        }
    }

    record BurstRequest(double tokensLeft) {
    }

    record ExpiryRequest(Instant at) {
    }

    record BulkRequest(int count, String namePrefix) {
    }

    record WorkspaceRequest(String name) {
    }

    record KeyRequest(List<String> workspaceIds, Long expiresInSeconds, String key) {
    }

    private final Faults faults;
    private final KeyAuthInterceptor keys;
    private final RequestLog requests;
    private final SandboxStore store;
    private final SandboxService sandbox;
    private final SandboxClock clock;
    private final JdbcClient jdbc;

    SandboxAdminController(Faults faults, KeyAuthInterceptor keys, RequestLog requests, SandboxStore store,
                           SandboxService sandbox, SandboxClock clock, JdbcClient jdbc) {
        this.faults = faults;
        this.keys = keys;
        this.requests = requests;
        this.store = store;
        this.sandbox = sandbox;
        this.clock = clock;
        this.jdbc = jdbc;
    }

    /** A fresh workspace with the default statuses, one member and the demo workspace's custom fields. */
    @PostMapping("/workspaces")
    @Transactional
    Records.Workspace createWorkspace(@RequestBody WorkspaceRequest request) {
        var now = clock.next();
        var workspace = new Records.Workspace(Ids.next("ws_"), request.name(), false, null, now, now, 1);
        store.insertWorkspace(workspace);
        for (int i = 0; i < SandboxSeeder.DEFAULT_STATUSES.size(); i++) {
            store.insertStatus(workspace.id(), SandboxSeeder.DEFAULT_STATUSES.get(i), i);
        }
        var fields = store.fields(SandboxSeeder.DEMO_WORKSPACE);
        for (int i = 0; i < fields.size(); i++) {
            store.insertField(workspace.id(), fields.get(i), i);
        }
        store.insertMember(new Records.Member(Ids.next("mbr_"), "person@" + workspace.id().toLowerCase() + ".example",
                "Person of " + request.name()), workspace.id());
        return workspace;
    }

    /** A new API key for the given workspaces (its text given, or made here); the text is in this answer only. */
    @PostMapping("/keys")
    @Transactional
    Map<String, Object> createKey(@RequestBody KeyRequest request) {
        String key = request.key() == null ? "ilm_test_" + Ids.random(32) : request.key();
        if (!KeyAuthInterceptor.KEY.matcher(key).matches()) {
            throw ApiError.invalid("key", "A key is ilm_live_ or ilm_test_ followed by 32 letters and digits.");
        }
        var now = clock.now();
        long seconds = request.expiresInSeconds() == null ? 90L * 24 * 3600 : request.expiresInSeconds();
        // A key given again (a test run on the same database) is the same key: its expiry and grants are reset.
        String keyId = store.keyByHash(Ids.sha256(key)).map(SandboxStore.StoredKey::id).orElse(null);
        if (keyId == null) {
            keyId = Ids.next("key_");
            store.insertKey(keyId, Ids.sha256(key), "Admin API key", now, now.plusSeconds(seconds));
        } else {
            store.expireKey(keyId, now.plusSeconds(seconds));
        }
        String id = keyId;
        request.workspaceIds().forEach(workspaceId -> store.grant(id, workspaceId));
        return Map.of("keyId", keyId, "key", key);
    }

    /** A share of 503 answers, added latency and a share of nonsense answers, for one key or (keyId null) all. */
    @PostMapping("/faults")
    Map<String, Object> faults(@RequestBody FaultRequest fault) {
        var setting = fault.setting();
        faults.set(fault.keyId(), setting);
        return Map.of("keyId", fault.keyId() == null ? Faults.GLOBAL : fault.keyId(), "errorRate", setting.errorRate(),
                "latencyMillis", setting.latencyMillis(), "nonsenseRate", setting.nonsenseRate());
    }

    @DeleteMapping("/faults")
    Map<String, Object> clearFaults() {
        faults.clear();
        return Map.of("cleared", true);
    }

    /**
     * Empties the key's token bucket (keyId "*": every key's): its next requests get 429 with
     * Retry-After until it refills.
     */
    @PostMapping("/keys/{keyId}/rate-limit-burst")
    Map<String, Object> burst(@PathVariable String keyId, @RequestBody BurstRequest burst) {
        keys.drain(keyId, burst.tokensLeft());
        return Map.of("keyId", keyId, "tokensLeft", burst.tokensLeft());
    }

    /** The key expires at the given moment (now when omitted). */
    @PostMapping("/keys/{keyId}/expire")
    Map<String, Object> expire(@PathVariable String keyId, @RequestBody(required = false) ExpiryRequest expiry) {
        Instant at = expiry == null || expiry.at() == null ? clock.now() : expiry.at();
        store.key(keyId).orElseThrow(() -> ApiError.notFound("Key " + keyId));
        store.expireKey(keyId, at);
        return Map.of("keyId", keyId, "expiresAt", at);
    }

    /** How many requests the key made in all (the log keeps only the last 1,000). */
    @GetMapping("/keys/{keyId}/requests/total")
    Map<String, Object> requestTotal(@PathVariable String keyId) {
        return Map.of("keyId", keyId, "total", requests.total(keyId));
    }

    @GetMapping("/keys/{keyId}/requests")
    List<RequestLog.Entry> requests(@PathVariable String keyId) {
        return requests.of(keyId);
    }

    record DropRequest(String workspaceId, double rate) {
    }

    /** The share (0 to 1) of webhook deliveries lost for good, for one workspace or (workspaceId null) all. */
    @PostMapping("/webhooks/drop-rate")
    Map<String, Object> dropWebhooks(@RequestBody DropRequest drop) {
        faults.dropWebhooks(drop.workspaceId(), drop.rate());
        return Map.of("workspaceId", drop.workspaceId() == null ? Faults.GLOBAL : drop.workspaceId(), "rate", drop.rate());
    }

    /** A new signing secret; for 24 h deliveries carry signatures with the new and the old one. */
    @PostMapping("/webhooks/{webhookId}/rotate")
    Map<String, Object> rotate(@PathVariable String webhookId) {
        store.webhook(webhookId).orElseThrow(() -> ApiError.notFound("Webhook " + webhookId));
        String secret = dev.align.webhooks.WebhookSecret.generate().reveal();
        store.rotateWebhookSecret(webhookId, secret, clock.now());
        return Map.of("id", webhookId, "secret", secret);
    }

    @GetMapping("/webhooks/{webhookId}/deliveries")
    List<Map<String, Object>> deliveries(@PathVariable String webhookId) {
        return store.deliveries(webhookId);
    }

    @GetMapping("/workspaces/{workspaceId}/triggers")
    List<Map<String, Object>> triggers(@PathVariable String workspaceId) {
        return store.triggers(workspaceId);
    }

    /** Adds an import rule (Illumera's own copying of records from another system). */
    @PostMapping("/workspaces/{workspaceId}/import-rules")
    Records.ImportRule importRule(@PathVariable String workspaceId, @RequestBody Map<String, Object> rule) {
        var created = new Records.ImportRule(Ids.next("imp_"), String.valueOf(rule.getOrDefault("source", "align")),
                Boolean.TRUE.equals(rule.getOrDefault("enabled", true)));
        store.insertImportRule(workspaceId, created);
        return created;
    }

    /** Many tasks at once (tests of paging, benchmarks), straight into the store. */
    @PostMapping("/workspaces/{workspaceId}/tasks/bulk")
    @Transactional
    Map<String, Object> bulk(@PathVariable String workspaceId, @RequestBody BulkRequest bulk) {
        store.workspace(workspaceId).orElseThrow(() -> ApiError.notFound("Workspace " + workspaceId));
        String status = store.statuses(workspaceId).getFirst().key();
        var first = clock.reserve(bulk.count());
        var tasks = new java.util.ArrayList<Task>();
        for (int i = 0; i < bulk.count(); i++) {
            var at = first.plusMillis(i);
            tasks.add(new Task(Ids.next("tsk_"), workspaceId, bulk.namePrefix() + " " + (i + 1), status, null, null,
                    null, new HashMap<>(), null, false, at, at, 1));
        }
        store.insertTasks(tasks);
        return Map.of("created", bulk.count());
    }

    /** A change made by a person in Illumera's own UI: same rules as the API, no key, no rate limit. */
    @PatchMapping(path = "/tasks/{taskId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Task editAsUser(@PathVariable String taskId, @RequestBody JsonNode change) {
        return sandbox.patchTask(everything(), taskId, null, change);
    }

    @DeleteMapping("/tasks/{taskId}")
    Task deleteAsUser(@PathVariable String taskId) {
        return sandbox.deleteTask(everything(), taskId, null);
    }

    private Caller everything() {
        return new Caller("admin", Set.copyOf(jdbc.sql("SELECT id FROM sbx_workspace").query(String.class).list()));
    }
}
