package dev.align.sandbox;

import dev.align.sandbox.ApiError.FieldProblem;
import dev.align.sandbox.Records.Field;
import dev.align.sandbox.Records.Page;
import dev.align.sandbox.Records.Sprint;
import dev.align.sandbox.Records.Status;
import dev.align.sandbox.Records.Task;
import dev.align.sandbox.Records.Workspace;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/** The contract's rules over the sandbox's store: visibility, validation, versions, idempotency. */
@Service
class SandboxService {

    /** A write's answer: status and JSON body, possibly replayed from an earlier identical request. */
    record Answer(int status, String body, boolean replayed) {
    }

    static final Set<String> READ_ONLY = Set.of("id", "version", "createdAt", "updatedAt", "deleted");
    static final Set<String> DEFAULT_STATUSES = Set.of("todo", "doing", "review", "done");
    private static final Duration REPLAY_WINDOW = Duration.ofHours(24);
    private static final Set<String> TASK_CREATE = Set.of("workspaceId", "name", "status", "assigneeId", "sprintId",
            "dueDate", "customFields", "externalRef");
    private static final Set<String> TASK_PATCH = TASK_CREATE;

    private final SandboxStore store;
    private final SandboxClock clock;
    private final JsonMapper json;
    private final TransactionTemplate transactions;
    private final WebhookEvents events;

    private final WebhookTargets targets;

    SandboxService(SandboxStore store, SandboxClock clock, JsonMapper json, TransactionTemplate transactions,
                   WebhookEvents events, WebhookTargets targets) {
        this.targets = targets;
        this.store = store;
        this.clock = clock;
        this.json = json;
        this.transactions = transactions;
        this.events = events;
    }

    // --- visibility ---------------------------------------------------------------------------

    /** A workspace the caller may use: 404 when it does not exist, 403 when the key cannot see it. */
    Workspace visibleWorkspace(Caller caller, String workspaceId) {
        Workspace workspace = store.workspace(workspaceId).orElseThrow(() -> ApiError.notFound("Workspace " + workspaceId));
        if (!caller.sees(workspaceId)) {
            throw ApiError.forbidden(workspaceId);
        }
        return workspace;
    }

    /** The workspaces a list covers: the filter's (checked), or every one the key can see. */
    Set<String> scope(Caller caller, String workspaceId) {
        return workspaceId == null ? caller.workspaceIds() : Set.of(visibleWorkspace(caller, workspaceId).id());
    }

    Task visibleTask(Caller caller, String taskId) {
        return store.task(taskId).filter(t -> caller.sees(t.workspaceId()))
                .orElseThrow(() -> ApiError.notFound("Task " + taskId));
    }

    Sprint visibleSprint(Caller caller, String sprintId) {
        return store.sprint(sprintId).filter(s -> caller.sees(s.workspaceId()))
                .orElseThrow(() -> ApiError.notFound("Sprint " + sprintId));
    }

    // --- pages --------------------------------------------------------------------------------

    <T> Page<T> page(List<T> fetchedOneMore, int limit, Function<T, Cursor> cursorOf) {
        if (fetchedOneMore.size() <= limit) {
            return new Page<>(fetchedOneMore, null);
        }
        List<T> items = fetchedOneMore.subList(0, limit);
        return new Page<>(List.copyOf(items), cursorOf.apply(items.getLast()).encode());
    }

    // --- idempotent writes --------------------------------------------------------------------

    /**
     * Runs a create once per (key, scope, Idempotency-Key): the same body again within 24 h gets the
     * first answer back, another body gets 409. Errors are not stored, so a retry is a new attempt.
     */
    Answer idempotent(Caller caller, String scope, String idempotencyKey, JsonNode body, int status,
                      Supplier<Object> create) {
        return idempotent(caller, scope, idempotencyKey, body, status, create, true);
    }

    /**
     * As above; {@code atomic = false} runs the work outside one transaction (a batch, whose items
     * commit or fail one by one) and stores the answer afterwards.
     */
    Answer idempotent(Caller caller, String scope, String idempotencyKey, JsonNode body, int status,
                      Supplier<Object> create, boolean atomic) {
        if (idempotencyKey == null) {
            return atomic
                    ? transactions.execute(tx -> new Answer(status, json.writeValueAsString(create.get()), false))
                    : new Answer(status, json.writeValueAsString(create.get()), false);
        }
        if (idempotencyKey.isEmpty() || idempotencyKey.length() > 255
                || !idempotencyKey.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
            throw ApiError.invalid("Idempotency-Key",
                    "Idempotency-Key must be 1 to 255 visible ASCII characters, such as a UUID.");
        }
        String hash = Ids.sha256(Json.canonical(body));
        var earlier = store.answer(caller.keyId(), scope, idempotencyKey);
        if (earlier.isPresent() && earlier.get().createdAt().isBefore(clock.now().minus(REPLAY_WINDOW))) {
            store.forgetAnswer(caller.keyId(), scope, idempotencyKey);
            earlier = java.util.Optional.empty();
        }
        if (earlier.isPresent()) {
            return replay(earlier.get(), hash);
        }
        try {
            if (!atomic) {
                String answer = json.writeValueAsString(create.get());
                store.insertAnswer(caller.keyId(), scope, idempotencyKey, hash, status, answer, clock.now());
                return new Answer(status, answer, false);
            }
            return transactions.execute(tx -> {
                String answer = json.writeValueAsString(create.get());
                store.insertAnswer(caller.keyId(), scope, idempotencyKey, hash, status, answer, clock.now());
                return new Answer(status, answer, false);
            });
        } catch (DuplicateKeyException concurrent) {
            // Another request with the same key won the race; its create is the one that counts.
            return replay(store.answer(caller.keyId(), scope, idempotencyKey).orElseThrow(), hash);
        }
    }

    private static Answer replay(SandboxStore.StoredAnswer earlier, String hash) {
        if (!earlier.bodyHash().equals(hash)) {
            throw ApiError.duplicate();
        }
        return new Answer(earlier.status(), earlier.body(), true);
    }

    // --- tasks --------------------------------------------------------------------------------

    Task createTask(Caller caller, JsonNode body) {
        var fields = Json.requireObject(body);
        var problems = new ArrayList<FieldProblem>();
        checkNames(fields, TASK_CREATE, problems);
        String workspaceId = text(fields.get("workspaceId"), "workspaceId", true, 40, problems);
        if (!problems.isEmpty() || workspaceId == null) {
            throw ApiError.invalid("The task is not valid.", problems);
        }
        visibleWorkspace(caller, workspaceId);
        List<Status> statuses = store.statuses(workspaceId);
        String name = text(fields.get("name"), "name", true, 500, problems);
        String status = fields.has("status") ? status(fields.get("status"), statuses, problems) : statuses.getFirst().key();
        String assignee = member(fields.get("assigneeId"), workspaceId, problems);
        String sprint = sprint(fields.get("sprintId"), workspaceId, problems);
        LocalDate due = date(fields.get("dueDate"), "dueDate", problems);
        Map<String, Object> custom = customFields(fields.get("customFields"), workspaceId, new LinkedHashMap<>(), problems);
        String externalRef = text(fields.get("externalRef"), "externalRef", false, 255, problems);
        if (!problems.isEmpty()) {
            throw ApiError.invalid("The task is not valid.", problems);
        }
        var now = clock.next();
        var task = new Task(Ids.next("tsk_"), workspaceId, name, status, assignee, sprint, due, custom, externalRef,
                false, now, now, 1);
        store.insertTask(task);
        events.changed("task.created", workspaceId, task);
        copyByImportRules(task);
        return task;
    }

    /**
     * Illumera's own import: an enabled rule with source "align" copies every task created with an
     * align: externalRef once more (a new task, same fields and externalRef); copies are not copied.
     */
    private void copyByImportRules(Task task) {
        if (task.externalRef() == null || !task.externalRef().startsWith("align:")) {
            return;
        }
        store.importRules(task.workspaceId()).stream()
                .filter(rule -> rule.enabled() && rule.source().equals("align"))
                .forEach(rule -> {
                    var now = clock.next();
                    var copy = new Task(Ids.next("tsk_"), task.workspaceId(), task.name(), task.status(),
                            task.assigneeId(), task.sprintId(), task.dueDate(), task.customFields(), task.externalRef(),
                            false, now, now, 1);
                    store.insertTask(copy);
                    events.changed("task.created", copy.workspaceId(), copy);
                });
    }

    // --- workspaces ---------------------------------------------------------------------------

    Workspace createWorkspace(Caller caller, JsonNode body) {
        var fields = Json.requireObject(body);
        var problems = new ArrayList<FieldProblem>();
        checkNames(fields, Set.of("name", "externalRef"), problems);
        String name = text(fields.get("name"), "name", true, 500, problems);
        String externalRef = text(fields.get("externalRef"), "externalRef", false, 255, problems);
        if (!problems.isEmpty()) {
            throw ApiError.invalid("The workspace is not valid.", problems);
        }
        var now = clock.next();
        var workspace = new Workspace(Ids.next("ws_"), name, false, externalRef, now, now, 1);
        store.insertWorkspace(workspace);
        for (int i = 0; i < SandboxSeeder.DEFAULT_STATUSES.size(); i++) {
            store.insertStatus(workspace.id(), SandboxSeeder.DEFAULT_STATUSES.get(i), i);
        }
        store.grant(caller.keyId(), workspace.id());
        events.changed("workspace.created", workspace.id(), workspace);
        return workspace;
    }

    Workspace patchWorkspace(Caller caller, String workspaceId, Integer ifMatch, JsonNode body) {
        var fields = Json.requireObject(body);
        return transactions.execute(tx -> {
            visibleWorkspace(caller, workspaceId);
            Workspace workspace = store.workspaceForUpdate(workspaceId).orElseThrow();
            var problems = new ArrayList<FieldProblem>();
            checkNames(fields, Set.of("name", "archived"), problems);
            String name = fields.has("name") ? text(fields.get("name"), "name", true, 500, problems) : workspace.name();
            boolean archived = workspace.archived();
            if (fields.has("archived")) {
                if (fields.get("archived").isBoolean()) {
                    archived = fields.get("archived").booleanValue();
                } else {
                    problems.add(new FieldProblem("archived", "archived must be true or false."));
                }
            }
            if (!problems.isEmpty()) {
                throw ApiError.invalid("The change is not valid.", problems);
            }
            checkVersion(ifMatch, workspace.version(), workspace);
            if (name.equals(workspace.name()) && archived == workspace.archived()) {
                return workspace;
            }
            var saved = new Workspace(workspace.id(), name, archived, workspace.externalRef(), workspace.createdAt(),
                    clock.next(), workspace.version() + 1);
            store.updateWorkspace(saved);
            events.changed("workspace.updated", saved.id(), saved);
            return saved;
        });
    }

    // --- sprints ------------------------------------------------------------------------------

    Sprint createSprint(Caller caller, JsonNode body) {
        var fields = Json.requireObject(body);
        var problems = new ArrayList<FieldProblem>();
        checkNames(fields, Set.of("workspaceId", "name", "startDate", "endDate", "state", "externalRef"), problems);
        String workspaceId = text(fields.get("workspaceId"), "workspaceId", true, 40, problems);
        if (!problems.isEmpty() || workspaceId == null) {
            throw ApiError.invalid("The sprint is not valid.", problems);
        }
        visibleWorkspace(caller, workspaceId);
        Sprint sprint = sprintFrom(fields, null, workspaceId, problems);
        if (!problems.isEmpty()) {
            throw ApiError.invalid("The sprint is not valid.", problems);
        }
        store.insertSprint(sprint);
        events.changed("sprint.created", workspaceId, sprint);
        return sprint;
    }

    Sprint patchSprint(Caller caller, String sprintId, Integer ifMatch, JsonNode body) {
        var fields = Json.requireObject(body);
        return transactions.execute(tx -> {
            visibleSprint(caller, sprintId);
            Sprint sprint = store.sprintForUpdate(sprintId).orElseThrow();
            var problems = new ArrayList<FieldProblem>();
            checkNames(fields, Set.of("workspaceId", "name", "startDate", "endDate", "state", "externalRef"), problems);
            if (fields.has("workspaceId") && !sprint.workspaceId().equals(fields.get("workspaceId").asString(""))) {
                problems.add(new FieldProblem("workspaceId", "A sprint cannot move to another workspace."));
            }
            Sprint changed = sprintFrom(fields, sprint, sprint.workspaceId(), problems);
            if (!problems.isEmpty()) {
                throw ApiError.invalid("The change is not valid.", problems);
            }
            checkVersion(ifMatch, sprint.version(), sprint);
            if (changed.equals(sprint)) {
                return sprint;
            }
            var saved = new Sprint(sprint.id(), sprint.workspaceId(), changed.name(), changed.startDate(),
                    changed.endDate(), changed.state(), changed.externalRef(), sprint.createdAt(), clock.next(),
                    sprint.version() + 1);
            store.updateSprint(saved);
            events.changed("sprint.updated", saved.workspaceId(), saved);
            return saved;
        });
    }

    private Sprint sprintFrom(JsonNode fields, Sprint base, String workspaceId, List<FieldProblem> problems) {
        String name = fields.has("name") || base == null ? text(fields.get("name"), "name", true, 500, problems)
                : base.name();
        LocalDate start = fields.has("startDate") ? date(fields.get("startDate"), "startDate", problems)
                : base == null ? null : base.startDate();
        LocalDate end = fields.has("endDate") ? date(fields.get("endDate"), "endDate", problems)
                : base == null ? null : base.endDate();
        String state = fields.has("state") ? text(fields.get("state"), "state", true, 20, problems)
                : base == null ? "planned" : base.state();
        if (state != null && !Set.of("planned", "active", "closed").contains(state)) {
            problems.add(new FieldProblem("state", "state must be planned, active or closed."));
        }
        if (start != null && end != null && end.isBefore(start)) {
            problems.add(new FieldProblem("endDate", "endDate must not be before startDate."));
        }
        String ref = fields.has("externalRef") ? text(fields.get("externalRef"), "externalRef", false, 255, problems)
                : base == null ? null : base.externalRef();
        if (base != null) {
            return new Sprint(base.id(), workspaceId, name, start, end, state, ref, base.createdAt(), base.updatedAt(),
                    base.version());
        }
        var now = clock.next();
        return new Sprint(Ids.next("spr_"), workspaceId, name, start, end, state, ref, now, now, 1);
    }

    // --- webhooks -----------------------------------------------------------------------------

    static final Set<String> WEBHOOK_EVENTS = Set.of("task.*", "sprint.*", "workspace.*", "task.created",
            "task.updated", "task.deleted", "sprint.created", "sprint.updated", "workspace.created", "workspace.updated");

    /** Registers a URL for the workspace's events; the secret is in this answer only. */
    Map<String, Object> registerWebhook(Caller caller, String workspaceId, JsonNode body) {
        var fields = Json.requireObject(body);
        var problems = new ArrayList<FieldProblem>();
        checkNames(fields, Set.of("url", "events"), problems);
        String url = text(fields.get("url"), "url", true, 2000, problems);
        if (url != null && !(url.startsWith("https://") || url.startsWith("http://"))) {
            problems.add(new FieldProblem("url", "url must be an absolute http(s) URL."));
        } else if (url != null) {
            try {
                java.net.URI.create(url).toURL();
            } catch (IllegalArgumentException | java.net.MalformedURLException e) {
                problems.add(new FieldProblem("url", "url must be an absolute http(s) URL."));
            }
            if (problems.isEmpty() && !targets.allows(url)) {
                problems.add(new FieldProblem("url", "This sandbox sends webhooks only to the Align that serves it ("
                        + targets.allowed().getFirst() + "); url names another address."));
            }
        }
        List<String> events = new ArrayList<>();
        JsonNode list = fields.get("events");
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add(new FieldProblem("events", "events must list at least one event type."));
        } else {
            list.forEach(event -> {
                if (event.isString() && WEBHOOK_EVENTS.contains(event.asString())) {
                    events.add(event.asString());
                } else {
                    problems.add(new FieldProblem("events", "Unknown event type " + event + "."));
                }
            });
        }
        if (!problems.isEmpty()) {
            throw ApiError.invalid("The webhook is not valid.", problems);
        }
        visibleWorkspace(caller, workspaceId);
        String secret = dev.align.webhooks.WebhookSecret.generate().reveal();
        var webhook = new SandboxStore.Webhook(Ids.next("wh_"), workspaceId, url, events, secret, null, null, true, null);
        store.insertWebhook(webhook, clock.now());
        return Map.of("id", webhook.id(), "url", url, "events", events, "secret", secret);
    }

    List<Map<String, Object>> webhooks(Caller caller, String workspaceId) {
        visibleWorkspace(caller, workspaceId);
        return store.webhooks(workspaceId).stream()
                .map(w -> Map.<String, Object>of("id", w.id(), "url", w.url(), "events", w.events(),
                        "enabled", w.enabled()))
                .toList();
    }

    void deleteWebhook(Caller caller, String workspaceId, String webhookId) {
        visibleWorkspace(caller, workspaceId);
        store.webhook(webhookId).filter(w -> w.workspaceId().equals(workspaceId))
                .orElseThrow(() -> ApiError.notFound("Webhook " + webhookId));
        store.deleteWebhook(webhookId);
    }

    // --- workflow triggers --------------------------------------------------------------------

    static final Set<String> TRIGGER_EVENTS = Set.of("entry.created", "entry.status_changed", "release.published");

    /** Records a trigger (tests read them back) and says how many workflows it started. */
    Map<String, Object> trigger(Caller caller, String workspaceId, JsonNode body) {
        var fields = Json.requireObject(body);
        var problems = new ArrayList<FieldProblem>();
        checkNames(fields, Set.of("event", "occurredAt", "data"), problems);
        String event = text(fields.get("event"), "event", true, 40, problems);
        if (event != null && !TRIGGER_EVENTS.contains(event)) {
            problems.add(new FieldProblem("event", "event must be one of " + TRIGGER_EVENTS + "."));
        }
        String occurredAt = text(fields.get("occurredAt"), "occurredAt", true, 40, problems);
        if (occurredAt != null) {
            try {
                java.time.OffsetDateTime.parse(occurredAt);
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem("occurredAt", "occurredAt must be an RFC 3339 timestamp."));
            }
        }
        if (fields.has("data") && !fields.get("data").isObject()) {
            problems.add(new FieldProblem("data", "data must be an object."));
        }
        if (!problems.isEmpty()) {
            throw ApiError.invalid("The trigger is not valid.", problems);
        }
        visibleWorkspace(caller, workspaceId);
        String id = Ids.next("trg_");
        // Kept as received (JSON), for tests and people to read back.
        store.insertTrigger(id, caller.keyId(), workspaceId, event, occurredAt, fields.toString(), clock.now());
        return Map.of("triggerId", id, "workflowsStarted", 1);
    }

    /** A partial update; a body that changes nothing changes nothing (same version and updatedAt). */
    Task patchTask(Caller caller, String taskId, Integer ifMatch, JsonNode body) {
        var fields = Json.requireObject(body);
        return transactions.execute(tx -> {
            Task task = store.taskForUpdate(taskId).filter(t -> caller.sees(t.workspaceId()))
                    .orElseThrow(() -> ApiError.notFound("Task " + taskId));
            if (task.deleted()) {
                throw ApiError.notFound("Task " + taskId);
            }
            checkVersion(ifMatch, task.version(), task);
            var problems = new ArrayList<FieldProblem>();
            checkNames(fields, TASK_PATCH, problems);
            if (fields.has("workspaceId") && !Objects.equals(fields.get("workspaceId").asString(""), task.workspaceId())) {
                problems.add(new FieldProblem("workspaceId", "A task cannot move to another workspace."));
            }
            String ws = task.workspaceId();
            String name = fields.has("name") ? text(fields.get("name"), "name", true, 500, problems) : task.name();
            String status = fields.has("status") ? status(fields.get("status"), store.statuses(ws), problems) : task.status();
            String assignee = fields.has("assigneeId") ? member(fields.get("assigneeId"), ws, problems) : task.assigneeId();
            String sprint = fields.has("sprintId") ? sprint(fields.get("sprintId"), ws, problems) : task.sprintId();
            LocalDate due = fields.has("dueDate") ? date(fields.get("dueDate"), "dueDate", problems) : task.dueDate();
            Map<String, Object> custom = fields.has("customFields")
                    ? customFields(fields.get("customFields"), ws, new LinkedHashMap<>(task.customFields()), problems)
                    : task.customFields();
            String ref = fields.has("externalRef") ? text(fields.get("externalRef"), "externalRef", false, 255, problems)
                    : task.externalRef();
            if (!problems.isEmpty()) {
                throw ApiError.invalid("The change is not valid.", problems);
            }
            var changed = new Task(task.id(), ws, name, status, assignee, sprint, due, custom, ref, false,
                    task.createdAt(), task.updatedAt(), task.version());
            if (changed.equals(task)) {
                return task;
            }
            var saved = new Task(task.id(), ws, name, status, assignee, sprint, due, custom, ref, false,
                    task.createdAt(), clock.next(), task.version() + 1);
            store.updateTask(saved);
            events.changed("task.updated", ws, saved);
            return saved;
        });
    }

    /** Soft delete; deleting a deleted task changes nothing. */
    Task deleteTask(Caller caller, String taskId, Integer ifMatch) {
        return transactions.execute(tx -> {
            Task task = store.taskForUpdate(taskId).filter(t -> caller.sees(t.workspaceId()))
                    .orElseThrow(() -> ApiError.notFound("Task " + taskId));
            checkVersion(ifMatch, task.version(), task);
            if (task.deleted()) {
                return task;
            }
            var deleted = new Task(task.id(), task.workspaceId(), task.name(), task.status(), task.assigneeId(),
                    task.sprintId(), task.dueDate(), task.customFields(), task.externalRef(), true, task.createdAt(),
                    clock.next(), task.version() + 1);
            store.updateTask(deleted);
            events.changed("task.deleted", deleted.workspaceId(), deleted);
            return deleted;
        });
    }

    static void checkVersion(Integer ifMatch, int version, Object current) {
        if (ifMatch != null && ifMatch != version) {
            throw ApiError.versionMismatch(current);
        }
    }

    /** If-Match: 7, "7", W/"7" or * (any version). */
    static Integer parseIfMatch(String header) {
        if (header == null || header.isBlank() || header.strip().equals("*")) {
            return null;
        }
        String text = header.strip();
        if (text.startsWith("W/")) {
            text = text.substring(2);
        }
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1);
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiError.invalid("If-Match", "If-Match must name a version such as 7, \"7\" or W/\"7\".");
        }
    }

    // --- field checks -------------------------------------------------------------------------

    private static void checkNames(JsonNode fields, Set<String> allowed, List<FieldProblem> problems) {
        for (String name : fields.propertyNames()) {
            if (READ_ONLY.contains(name)) {
                problems.add(new FieldProblem(name, name + " is read-only."));
            } else if (!allowed.contains(name)) {
                problems.add(new FieldProblem(name, "Unknown field " + name + "."));
            }
        }
    }

    static String text(JsonNode value, String field, boolean required, int max, List<FieldProblem> problems) {
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(new FieldProblem(field, field + " is required."));
            }
            return null;
        }
        if (!value.isString()) {
            problems.add(new FieldProblem(field, field + " must be a string."));
            return null;
        }
        String text = value.asString();
        int length = text.codePointCount(0, text.length());
        if (required && text.isBlank()) {
            problems.add(new FieldProblem(field, field + " must not be empty."));
        } else if (length > max) {
            problems.add(new FieldProblem(field, field + " is longer than " + max + " characters."));
        }
        return text;
    }

    private static String status(JsonNode value, List<Status> statuses, List<FieldProblem> problems) {
        String key = value != null && value.isString() ? value.asString() : null;
        if (key == null || statuses.stream().noneMatch(s -> s.key().equals(key))) {
            problems.add(new FieldProblem("status", "status must be one of the workspace's status keys."));
        }
        return key;
    }

    private String member(JsonNode value, String workspaceId, List<FieldProblem> problems) {
        if (value == null || value.isNull()) {
            return null;
        }
        String id = value.isString() ? value.asString() : null;
        if (id == null || !store.isMember(workspaceId, id)) {
            problems.add(new FieldProblem("assigneeId", "assigneeId must be a member of the workspace."));
        }
        return id;
    }

    private String sprint(JsonNode value, String workspaceId, List<FieldProblem> problems) {
        if (value == null || value.isNull()) {
            return null;
        }
        String id = value.isString() ? value.asString() : null;
        if (id == null || store.sprint(id).filter(s -> s.workspaceId().equals(workspaceId)).isEmpty()) {
            problems.add(new FieldProblem("sprintId", "sprintId must be a sprint of the same workspace."));
        }
        return id;
    }

    static LocalDate date(JsonNode value, String field, List<FieldProblem> problems) {
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            if (value.isString() && value.asString().length() == 10) {
                return LocalDate.parse(value.asString());
            }
        } catch (DateTimeParseException e) {
            // falls through to the refusal
        }
        problems.add(new FieldProblem(field, field + " must be a date YYYY-MM-DD."));
        return null;
    }

    /** Merges custom field values key by key; null removes one; every value is checked against its field's type. */
    private Map<String, Object> customFields(JsonNode value, String workspaceId, Map<String, Object> merged,
                                             List<FieldProblem> problems) {
        if (value == null || value.isNull()) {
            return merged;
        }
        if (!value.isObject()) {
            problems.add(new FieldProblem("customFields", "customFields must be an object."));
            return merged;
        }
        Map<String, Field> fields = new LinkedHashMap<>();
        store.fields(workspaceId).forEach(f -> fields.put(f.key(), f));
        for (var entry : value.properties()) {
            String key = entry.getKey();
            JsonNode v = entry.getValue();
            Field field = fields.get(key);
            String path = "customFields." + key;
            if (field == null) {
                problems.add(new FieldProblem(path, "The workspace has no custom field " + key + "."));
                continue;
            }
            if (v.isNull()) {
                merged.remove(key);
                continue;
            }
            Object typed = switch (field.type()) {
                case "text" -> v.isString() && v.asString().codePointCount(0, v.asString().length()) <= 10_000
                        ? v.asString() : null;
                case "number" -> v.isNumber() ? v.numberValue() : null;
                case "date" -> date(v, path, new ArrayList<>()) != null ? v.asString() : null;
                case "user" -> v.isString() && store.isMember(workspaceId, v.asString()) ? v.asString() : null;
                case "option" -> v.isString() && field.options().contains(v.asString()) ? v.asString() : null;
                default -> null;
            };
            if (typed == null) {
                problems.add(new FieldProblem(path, "Not a valid " + field.type() + " value for " + key + "."));
            } else {
                merged.put(key, typed);
            }
        }
        return merged;
    }
}
