package dev.align.sandbox;

import dev.align.sandbox.Records.Items;
import dev.align.sandbox.Records.KeyInfo;
import dev.align.sandbox.Records.Member;
import dev.align.sandbox.Records.Page;
import dev.align.sandbox.Records.Sprint;
import dev.align.sandbox.Records.Task;
import dev.align.sandbox.Records.Workspace;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The contract's /v1 endpoints. Rules live in {@link SandboxService}; this class speaks HTTP. */
@RestController
@RequestMapping(path = SandboxConfig.PREFIX + "/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@ConditionalOnProperty(name = "illumera.sandbox.enabled", havingValue = "true")
class SandboxController {

    static final int MAX_BODY = 1024 * 1024;
    private static final String CALLER = Caller.ATTRIBUTE;

    private final SandboxService sandbox;
    private final SandboxStore store;
    private final JsonMapper json;

    SandboxController(SandboxService sandbox, SandboxStore store, JsonMapper json) {
        this.sandbox = sandbox;
        this.store = store;
        this.json = json;
    }

    // --- key ----------------------------------------------------------------------------------

    @GetMapping("/key")
    KeyInfo key(@RequestAttribute(CALLER) Caller caller, HttpServletRequest request) {
        Params.of(request);
        var key = store.key(caller.keyId()).orElseThrow(ApiError::invalidKey);
        return new KeyInfo(key.id(), caller.workspaceIds().stream().sorted().toList(), key.createdAt(),
                key.expiresAt());
    }

    // --- workspaces ---------------------------------------------------------------------------

    @GetMapping("/workspaces/{id}")
    ResponseEntity<Workspace> workspace(@RequestAttribute(CALLER) Caller caller, @PathVariable String id,
                                        HttpServletRequest request) {
        Params.of(request);
        Workspace workspace = sandbox.visibleWorkspace(caller, id);
        return tagged(workspace, workspace.version());
    }

    @GetMapping("/workspaces")
    Page<Workspace> workspaces(@RequestAttribute(CALLER) Caller caller, HttpServletRequest request) {
        var params = Params.of(request, "updatedSince", "limit", "cursor");
        var since = params.instant("updatedSince");
        int limit = params.limit();
        String filters = "updatedSince=" + since;
        var cursor = Cursor.decode(params.get("cursor"), filters);
        return sandbox.page(store.workspaces(caller.workspaceIds(), since, cursor, limit + 1), limit,
                workspace -> new Cursor(filters, workspace.updatedAt().toEpochMilli(), workspace.id()));
    }

    @PostMapping(path = "/workspaces", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> createWorkspace(@RequestAttribute(CALLER) Caller caller,
                                           @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                           @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        return create(caller, "workspace", idempotencyKey, body, 201,
                node -> sandbox.createWorkspace(caller, node), request);
    }

    @PatchMapping(path = "/workspaces/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Workspace> patchWorkspace(@RequestAttribute(CALLER) Caller caller, @PathVariable String id,
                                             @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                             @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        Params.of(request);
        Workspace workspace = sandbox.patchWorkspace(caller, id, SandboxService.parseIfMatch(ifMatch), parse(body));
        return tagged(workspace, workspace.version());
    }

    @PostMapping(path = "/workspaces/{id}/webhooks", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> registerWebhook(@RequestAttribute(CALLER) Caller caller, @PathVariable String id,
                                           @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                           @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        // A replay returns the first answer, secret included: a retry never makes a second webhook.
        return create(caller, "webhook", idempotencyKey, body, 201,
                node -> sandbox.registerWebhook(caller, id, node), request);
    }

    @GetMapping("/workspaces/{id}/webhooks")
    Items<Map<String, Object>> webhooks(@RequestAttribute(CALLER) Caller caller, @PathVariable String id,
                                        HttpServletRequest request) {
        Params.of(request);
        return new Items<>(sandbox.webhooks(caller, id));
    }

    @DeleteMapping("/workspaces/{id}/webhooks/{webhookId}")
    ResponseEntity<Void> deleteWebhook(@RequestAttribute(CALLER) Caller caller, @PathVariable String id,
                                       @PathVariable String webhookId, HttpServletRequest request) {
        Params.of(request);
        sandbox.deleteWebhook(caller, id, webhookId);
        return ResponseEntity.noContent().build();
    }

    /** Starts the workspace's workflows for an Align event; the Idempotency-Key is required here. */
    @PostMapping(path = "/workspaces/{id}/triggers", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> trigger(@RequestAttribute(CALLER) Caller caller, @PathVariable String id,
                                   @RequestHeader(name = "Idempotency-Key") String idempotencyKey,
                                   @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        return create(caller, "trigger", idempotencyKey, body, 202,
                node -> sandbox.trigger(caller, id, node), request);
    }

    @GetMapping("/workspaces/{id}/statuses")
    Items<Records.Status> statuses(@RequestAttribute(CALLER) Caller caller, @PathVariable String id,
                                   HttpServletRequest request) {
        Params.of(request);
        return new Items<>(store.statuses(sandbox.visibleWorkspace(caller, id).id()));
    }

    @GetMapping("/workspaces/{id}/fields")
    Items<Records.Field> fields(@RequestAttribute(CALLER) Caller caller, @PathVariable String id,
                                HttpServletRequest request) {
        Params.of(request);
        return new Items<>(store.fields(sandbox.visibleWorkspace(caller, id).id()));
    }

    @GetMapping("/workspaces/{id}/import-rules")
    Items<Records.ImportRule> importRules(@RequestAttribute(CALLER) Caller caller, @PathVariable String id,
                                          HttpServletRequest request) {
        Params.of(request);
        return new Items<>(store.importRules(sandbox.visibleWorkspace(caller, id).id()));
    }

    // --- members ------------------------------------------------------------------------------

    @GetMapping("/members")
    Page<Member> members(@RequestAttribute(CALLER) Caller caller, HttpServletRequest request) {
        var params = Params.of(request, "workspaceId", "limit", "cursor");
        String workspaceId = params.get("workspaceId");
        int limit = params.limit();
        String filters = "workspaceId=" + workspaceId;
        var cursor = Cursor.decode(params.get("cursor"), filters);
        var members = store.members(sandbox.scope(caller, workspaceId), cursor == null ? null : cursor.afterId(),
                limit + 1);
        return sandbox.page(members, limit, m -> new Cursor(filters, 0, m.id()));
    }

    // --- tasks --------------------------------------------------------------------------------

    @GetMapping("/tasks")
    Page<Task> tasks(@RequestAttribute(CALLER) Caller caller, HttpServletRequest request) {
        return feed(caller, request, store::tasks, t -> t.updatedAt().toEpochMilli(), Task::id);
    }

    @GetMapping("/tasks/{id}")
    ResponseEntity<Task> task(@RequestAttribute(CALLER) Caller caller, @PathVariable String id,
                              HttpServletRequest request) {
        Params.of(request);
        Task task = sandbox.visibleTask(caller, id);
        return tagged(task, task.version());
    }

    @PostMapping(path = "/tasks", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> createTask(@RequestAttribute(CALLER) Caller caller,
                                      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                      @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        return create(caller, "task", idempotencyKey, body, 201,
                node -> sandbox.createTask(caller, node), request);
    }

    @PatchMapping(path = "/tasks/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Task> patchTask(@RequestAttribute(CALLER) Caller caller, @PathVariable String id,
                                   @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                   @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        Params.of(request);
        Task task = sandbox.patchTask(caller, id, SandboxService.parseIfMatch(ifMatch), parse(body));
        return tagged(task, task.version());
    }

    @DeleteMapping("/tasks/{id}")
    ResponseEntity<Task> deleteTask(@RequestAttribute(CALLER) Caller caller, @PathVariable String id,
                                    @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                    HttpServletRequest request) {
        Params.of(request);
        Task task = sandbox.deleteTask(caller, id, SandboxService.parseIfMatch(ifMatch));
        return tagged(task, task.version());
    }

    /** Up to 100 creates and updates, each succeeding or failing on its own, answered in order. */
    @PostMapping(path = "/tasks/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> batch(@RequestAttribute(CALLER) Caller caller,
                                 @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                 @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        Params.of(request);
        JsonNode node = parse(body);
        checkBatchEnvelope(node);
        // Items run in transactions of their own; the whole answer is what a replay of the key returns.
        return answer(sandbox.idempotent(caller, "task-batch", idempotencyKey, node, 200,
                () -> batchResults(caller, node), false), request);
    }

    private static void checkBatchEnvelope(JsonNode body) {
        var envelope = Json.requireObject(body);
        JsonNode items = envelope.get("items");
        if (items == null || !items.isArray() || items.isEmpty() || envelope.size() != 1) {
            throw ApiError.invalid("items", "The body must be {\"items\": [...]} with 1 to 100 items.");
        }
        if (items.size() > 100) {
            throw ApiError.tooLarge("A batch holds at most 100 items.");
        }
    }

    /** A batch item's ifMatch: a version number, or the header's forms ("7", W/"7", *). */
    private static Integer ifMatch(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.intValue();
        }
        if (value.isString()) {
            return SandboxService.parseIfMatch(value.asString());
        }
        throw ApiError.invalid("ifMatch", "ifMatch must be a version number.");
    }

    private Map<String, Object> batchResults(Caller caller, JsonNode body) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (JsonNode item : body.get("items")) {
            results.add(batchItem(caller, item));
        }
        return Map.of("results", results);
    }

    private Map<String, Object> batchItem(Caller caller, JsonNode item) {
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            var fields = Json.requireObject(item);
            String op = fields.path("op").asString("");
            JsonNode task = fields.get("task");
            String idempotencyKey = fields.has("idempotencyKey") ? fields.get("idempotencyKey").asString() : null;
            var unknown = fields.propertyNames().stream()
                    .filter(n -> !List.of("op", "id", "ifMatch", "idempotencyKey", "task").contains(n)).toList();
            if (!unknown.isEmpty()) {
                throw ApiError.invalid(unknown.getFirst(), "Unknown item member " + unknown.getFirst() + ".");
            }
            if (op.equals("create") && fields.has("id")) {
                throw ApiError.invalid("id", "A create item has no id.");
            }
            if (op.equals("update") && !fields.path("id").isString()) {
                throw ApiError.invalid("id", "An update item needs the id of the task.");
            }
            SandboxService.Answer answer = switch (op) {
                case "create" -> sandbox.idempotent(caller, "task", idempotencyKey, task, 201,
                        () -> sandbox.createTask(caller, task));
                case "update" -> sandbox.idempotent(caller, "task-update", idempotencyKey, item, 200,
                        () -> sandbox.patchTask(caller, fields.path("id").asString(""), ifMatch(fields.get("ifMatch")),
                                task));
                default -> throw ApiError.invalid("op", "op must be create or update.");
            };
            result.put("status", answer.status());
            result.put("task", json.readTree(answer.body()));
            result.put("error", null);
        } catch (ApiError error) {
            result.put("status", error.status);
            result.put("task", error.current);
            result.put("error", ProblemAdvice.problem(error));
        }
        return result;
    }

    // --- sprints ------------------------------------------------------------------------------

    @GetMapping("/sprints")
    Page<Sprint> sprints(@RequestAttribute(CALLER) Caller caller, HttpServletRequest request) {
        return feed(caller, request, store::sprints, s -> s.updatedAt().toEpochMilli(), Sprint::id);
    }

    @PostMapping(path = "/sprints", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> createSprint(@RequestAttribute(CALLER) Caller caller,
                                        @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                        @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        return create(caller, "sprint", idempotencyKey, body, 201,
                node -> sandbox.createSprint(caller, node), request);
    }

    @PatchMapping(path = "/sprints/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Sprint> patchSprint(@RequestAttribute(CALLER) Caller caller, @PathVariable String id,
                                       @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                       @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        Params.of(request);
        Sprint sprint = sandbox.patchSprint(caller, id, SandboxService.parseIfMatch(ifMatch), parse(body));
        return tagged(sprint, sprint.version());
    }

    @GetMapping("/sprints/{id}")
    ResponseEntity<Sprint> sprint(@RequestAttribute(CALLER) Caller caller, @PathVariable String id,
                                  HttpServletRequest request) {
        Params.of(request);
        Sprint sprint = sandbox.visibleSprint(caller, id);
        return tagged(sprint, sprint.version());
    }

    // --- helpers ------------------------------------------------------------------------------

    /** A POST that creates: replayed under its Idempotency-Key (scope: the kind of resource), 201 with Location. */
    private ResponseEntity<String> create(Caller caller, String scope, String idempotencyKey, byte[] body, int status,
                                          java.util.function.Function<JsonNode, Object> create,
                                          HttpServletRequest request) {
        Params.of(request);
        JsonNode node = parse(body);
        return answer(sandbox.idempotent(caller, scope, idempotencyKey, node, status, () -> create.apply(node)),
                request);
    }

    interface FeedQuery<T> {
        List<T> fetch(java.util.Collection<String> workspaces, java.time.Instant since, Cursor after, int limit);
    }

    /** A workspace-scoped change feed: ?workspaceId=&updatedSince=&limit=&cursor=, ordered by (updatedAt, id). */
    private <T> Page<T> feed(Caller caller, HttpServletRequest request, FeedQuery<T> query,
                             java.util.function.ToLongFunction<T> updatedAt, java.util.function.Function<T, String> id) {
        var params = Params.of(request, "workspaceId", "updatedSince", "limit", "cursor");
        String workspaceId = params.get("workspaceId");
        var since = params.instant("updatedSince");
        int limit = params.limit();
        String filters = "workspaceId=" + workspaceId + ";updatedSince=" + since;
        var cursor = Cursor.decode(params.get("cursor"), filters);
        return sandbox.page(query.fetch(sandbox.scope(caller, workspaceId), since, cursor, limit + 1), limit,
                item -> new Cursor(filters, updatedAt.applyAsLong(item), id.apply(item)));
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiError.invalid("body", "A JSON body is required.");
        }
        if (body.length > MAX_BODY) {
            throw ApiError.tooLarge("The body is larger than 1 MiB.");
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw ApiError.invalid("body", "The body is not well-formed JSON.");
        }
    }

    private static <T> ResponseEntity<T> tagged(T resource, int version) {
        return ResponseEntity.ok().eTag("\"" + version + "\"").body(resource);
    }

    private ResponseEntity<String> answer(SandboxService.Answer answer, HttpServletRequest request) {
        var response = ResponseEntity.status(answer.status()).contentType(MediaType.APPLICATION_JSON);
        if (answer.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        if (answer.status() == 201) {
            JsonNode id = json.readTree(answer.body()).get("id");
            if (id != null && id.isString()) {
                response.header("Location", request.getRequestURL() + "/" + id.asString());
            }
        }
        return response.body(answer.body());
    }
}
