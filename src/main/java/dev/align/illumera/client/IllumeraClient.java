package dev.align.illumera.client;

import dev.align.illumera.client.IllumeraException.ContractViolation;
import dev.align.illumera.client.IllumeraException.RateLimited;
import dev.align.illumera.client.IllumeraException.Unavailable;
import dev.align.illumera.client.IllumeraModel.BatchItem;
import dev.align.illumera.client.IllumeraModel.BatchResult;
import dev.align.illumera.client.IllumeraModel.FeedMark;
import dev.align.illumera.client.IllumeraModel.Field;
import dev.align.illumera.client.IllumeraModel.ImportRule;
import dev.align.illumera.client.IllumeraModel.KeyInfo;
import dev.align.illumera.client.IllumeraModel.Member;
import dev.align.illumera.client.IllumeraModel.NewTask;
import dev.align.illumera.client.IllumeraModel.Problem;
import dev.align.illumera.client.IllumeraModel.Sprint;
import dev.align.illumera.client.IllumeraModel.Status;
import dev.align.illumera.client.IllumeraModel.Task;
import dev.align.illumera.client.IllumeraModel.NewSprint;
import dev.align.illumera.client.IllumeraModel.TriggerReceipt;
import dev.align.illumera.client.IllumeraModel.Webhook;
import dev.align.illumera.client.IllumeraModel.WebhookRegistration;
import dev.align.illumera.client.IllumeraModel.Workspace;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A client of the Illumera REST contract for one API key (one organisation's connection).
 * Transient failures are retried with exponential backoff and jitter (Resilience4j), through the
 * organisation's circuit breaker; a 429 blocks the key on this node for its Retry-After.
 */
public final class IllumeraClient {

    /**
     * Connection settings; the base URL is the one the contract's /v1/... paths hang under. The limits
     * bound what a hostile or broken Illumera can make us do: the size of one answer, the pages of one
     * feed read, and how long a Retry-After may keep this node from calling with the key.
     */
    public record Settings(URI baseUrl, Duration connectTimeout, Duration readTimeout, int maxAttempts,
                           Duration initialBackoff, Duration maxRetryAfterWait, long maxAnswerBytes,
                           int maxPagesPerRead, Duration maxRetryAfter, java.util.Set<String> plainHttpHosts) {

        public Settings {
            plainHttpHosts = java.util.Set.copyOf(plainHttpHosts);
            requireSafe(baseUrl, plainHttpHosts);
        }

        public Settings(URI baseUrl, Duration connectTimeout, Duration readTimeout, int maxAttempts,
                        Duration initialBackoff, Duration maxRetryAfterWait, long maxAnswerBytes,
                        int maxPagesPerRead, Duration maxRetryAfter) {
            this(baseUrl, connectTimeout, readTimeout, maxAttempts, initialBackoff, maxRetryAfterWait, maxAnswerBytes,
                    maxPagesPerRead, maxRetryAfter, java.util.Set.of());
        }

        public Settings(URI baseUrl, Duration connectTimeout, Duration readTimeout, int maxAttempts,
                        Duration initialBackoff, Duration maxRetryAfterWait) {
            this(baseUrl, connectTimeout, readTimeout, maxAttempts, initialBackoff, maxRetryAfterWait,
                    8L * 1024 * 1024, 20_000, Duration.ofMinutes(15));
        }

        /** This machine by name or address literal only: "127.evil.example" is not. */
        static boolean loopback(String host) {
            return host.equals("localhost") || host.equals("[::1]") || host.matches("127(\\.\\d{1,3}){3}");
        }

        /**
         * The API key travels in every request: only over https, except to this machine (the sandbox, tests)
         * or to a host the operator named (ILLUMERA_CLIENT_PLAIN_HTTP_HOSTS: a private network's sandbox).
         */
        static void requireSafe(URI baseUrl, java.util.Set<String> plainHttpHosts) {
            String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(java.util.Locale.ROOT);
            String host = baseUrl.getHost() == null ? "" : baseUrl.getHost();
            boolean plainAllowed = loopback(host) || plainHttpHosts.contains(host.toLowerCase(java.util.Locale.ROOT));
            if (!(scheme.equals("https") || (scheme.equals("http") && plainAllowed)) || baseUrl.getRawUserInfo() != null) {
                throw new IllegalArgumentException("ILLUMERA_BASE_URL must be an https URL (plain http only for"
                        + " this machine or ILLUMERA_CLIENT_PLAIN_HTTP_HOSTS), without a user name: " + scheme + "://"
                        + host + " is not");
            }
        }
    }

    record Page<T>(List<T> items, String nextCursor) {
        Page {
            items = List.copyOf(IllumeraModel.required(items, "items"));
        }
    }

    record Items<T>(List<T> items) {
        Items {
            items = List.copyOf(IllumeraModel.required(items, "items"));
        }
    }

    record BatchAnswer(List<BatchResult> results) {
        BatchAnswer {
            results = List.copyOf(IllumeraModel.required(results, "results"));
        }
    }

    /** The contract's largest page: fewest calls per record read. */
    static final int PAGE_SIZE = 200;

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final Settings settings;
    private final String apiKey;
    private final HttpClient http;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final RetryAfterGate gate;

    IllumeraClient(Settings settings, String apiKey, HttpClient http, CircuitBreaker breaker, RetryAfterGate gate) {
        this.settings = settings;
        this.apiKey = apiKey;
        this.http = http;
        this.breaker = breaker;
        this.gate = gate;
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(), 2.0, 0.5);
        this.retry = Retry.of("illumera", RetryConfig.<Object>custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(this::transient_)
                .intervalBiFunction((IntervalBiFunction<Object>) (attempt, outcome) -> outcome.isLeft()
                        && outcome.getLeft() instanceof RateLimited limited
                        ? Math.max(1, limited.retryAfter().toMillis())
                        : backoff.apply(attempt))
                .build());
    }

    // --- the contract's calls -----------------------------------------------------------------

    public KeyInfo key() {
        return get("/v1/key", Map.of(), new TypeReference<>() { });
    }

    public Workspace workspace(String workspaceId) {
        return get("/v1/workspaces/" + segment(workspaceId), Map.of(), new TypeReference<>() { });
    }

    public Stream<Workspace> workspaces(Instant updatedSince) {
        return pages("/v1/workspaces", query("updatedSince", updatedSince), new TypeReference<Page<Workspace>>() { });
    }

    public List<Status> statuses(String workspaceId) {
        return this.<Items<Status>>get("/v1/workspaces/" + segment(workspaceId) + "/statuses", Map.of(),
                new TypeReference<>() { }).items();
    }

    public List<Field> fields(String workspaceId) {
        return this.<Items<Field>>get("/v1/workspaces/" + segment(workspaceId) + "/fields", Map.of(),
                new TypeReference<>() { }).items();
    }

    public List<ImportRule> importRules(String workspaceId) {
        return this.<Items<ImportRule>>get("/v1/workspaces/" + segment(workspaceId) + "/import-rules", Map.of(),
                new TypeReference<>() { }).items();
    }

    public Stream<Member> members(String workspaceId) {
        return pages("/v1/members", query("workspaceId", workspaceId), new TypeReference<Page<Member>>() { });
    }

    /** Tasks (deleted ones included) lazily, page by page; a workspace is never held in memory at once. */
    public Stream<Task> tasks(String workspaceId, Instant updatedSince) {
        var query = query("workspaceId", workspaceId);
        query.putAll(query("updatedSince", updatedSince));
        return pages("/v1/tasks", query, new TypeReference<Page<Task>>() { });
    }

    /**
     * The task feed after a high-water mark: the feed is inclusive, so what was already processed at
     * the mark's exact time is skipped here. Keep {@link FeedMark#of} of the last task handled.
     */
    public Stream<Task> tasksAfter(String workspaceId, FeedMark mark) {
        return tasks(workspaceId, mark == null ? null : mark.updatedAt())
                .filter(task -> mark == null || !mark.covers(task));
    }

    public Task task(String taskId) {
        return get("/v1/tasks/" + segment(taskId), Map.of(), new TypeReference<>() { });
    }

    /** Creates a task; the same idempotency key (retries included) never creates it twice. */
    public Task createTask(NewTask task, String idempotencyKey) {
        return send("POST", "/v1/tasks", members(task), Map.of("Idempotency-Key", idempotencyKey),
                new TypeReference<>() { });
    }

    /** Changes the given members only ({@code null} values clear them); stale {@code ifMatch} → 412. */
    public Task updateTask(String taskId, Long ifMatch, Map<String, Object> changes) {
        return send("PATCH", "/v1/tasks/" + segment(taskId), changes, ifMatch(ifMatch), new TypeReference<>() { });
    }

    public Task deleteTask(String taskId, Long ifMatch) {
        return send("DELETE", "/v1/tasks/" + segment(taskId), null, ifMatch(ifMatch), new TypeReference<>() { });
    }

    /**
     * Up to 100 creates and updates; each item succeeds or fails on its own, results in item order.
     * The batch's own idempotency key makes a retry of the whole call return the first answer.
     */
    public List<BatchResult> batch(List<BatchItem> items, String idempotencyKey) {
        if (items.isEmpty() || items.size() > 100) {
            throw new IllegalArgumentException("A batch holds 1 to 100 items, not " + items.size());
        }
        List<Map<String, Object>> body = new ArrayList<>();
        for (BatchItem item : items) {
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("op", item.op());
            putIfPresent(member, "id", item.id());
            putIfPresent(member, "ifMatch", item.ifMatch());
            putIfPresent(member, "idempotencyKey", item.idempotencyKey());
            member.put("task", item.task());
            body.add(member);
        }
        BatchAnswer answer = send("POST", "/v1/tasks/batch", Map.of("items", body),
                Map.of("Idempotency-Key", idempotencyKey), new TypeReference<>() { });
        if (answer.results().size() != items.size()) {
            throw new ContractViolation(200, "Illumera answered a batch of " + items.size() + " with "
                    + answer.results().size() + " results", null);
        }
        return answer.results();
    }

    public Workspace createWorkspace(String name, String externalRef, String idempotencyKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        putIfPresent(body, "externalRef", externalRef);
        return send("POST", "/v1/workspaces", body, Map.of("Idempotency-Key", idempotencyKey), new TypeReference<>() { });
    }

    public Workspace updateWorkspace(String workspaceId, Long ifMatch, Map<String, Object> changes) {
        return send("PATCH", "/v1/workspaces/" + segment(workspaceId), changes, ifMatch(ifMatch),
                new TypeReference<>() { });
    }

    public Sprint sprint(String sprintId) {
        return get("/v1/sprints/" + segment(sprintId), Map.of(), new TypeReference<>() { });
    }

    public Sprint createSprint(NewSprint sprint, String idempotencyKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        putIfPresent(body, "workspaceId", sprint.workspaceId());
        putIfPresent(body, "name", sprint.name());
        putIfPresent(body, "startDate", sprint.startDate() == null ? null : sprint.startDate().toString());
        putIfPresent(body, "endDate", sprint.endDate() == null ? null : sprint.endDate().toString());
        putIfPresent(body, "state", sprint.state());
        putIfPresent(body, "externalRef", sprint.externalRef());
        return send("POST", "/v1/sprints", body, Map.of("Idempotency-Key", idempotencyKey), new TypeReference<>() { });
    }

    public Sprint updateSprint(String sprintId, Long ifMatch, Map<String, Object> changes) {
        return send("PATCH", "/v1/sprints/" + segment(sprintId), changes, ifMatch(ifMatch), new TypeReference<>() { });
    }

    /** Registers Align's webhook URL in the workspace; keep the returned secret (it is shown once). */
    public WebhookRegistration registerWebhook(String workspaceId, String url, List<String> events) {
        return send("POST", "/v1/workspaces/" + segment(workspaceId) + "/webhooks", Map.of("url", url, "events", events),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()), new TypeReference<>() { });
    }

    public List<Webhook> webhooks(String workspaceId) {
        return this.<Items<Webhook>>get("/v1/workspaces/" + segment(workspaceId) + "/webhooks", Map.of(),
                new TypeReference<>() { }).items();
    }

    public void deleteWebhook(String workspaceId, String webhookId) {
        send("DELETE", "/v1/workspaces/" + segment(workspaceId) + "/webhooks/" + segment(webhookId), null, Map.of(),
                new TypeReference<Void>() { });
    }

    public Stream<Sprint> sprints(String workspaceId, Instant updatedSince) {
        var query = query("workspaceId", workspaceId);
        query.putAll(query("updatedSince", updatedSince));
        return pages("/v1/sprints", query, new TypeReference<Page<Sprint>>() { });
    }

    public TriggerReceipt trigger(String workspaceId, String event, Instant occurredAt, Map<String, Object> data,
                                  String idempotencyKey) {
        return send("POST", "/v1/workspaces/" + segment(workspaceId) + "/triggers",
                Map.of("event", event, "occurredAt", occurredAt.toString(), "data", data),
                Map.of("Idempotency-Key", idempotencyKey), new TypeReference<>() { });
    }

    // --- transport ----------------------------------------------------------------------------

    private <T> T get(String path, Map<String, String> query, TypeReference<T> type) {
        return resilient(() -> exchange("GET", path + queryString(query), null, Map.of(), type));
    }

    private <T> T send(String method, String path, Object body, Map<String, String> headers, TypeReference<T> type) {
        return resilient(() -> exchange(method, path, body, headers, type));
    }

    private <T> Stream<T> pages(String path, Map<String, String> query, TypeReference<Page<T>> type) {
        Iterator<T> items = new Iterator<>() {
            private Iterator<T> page = List.<T>of().iterator();
            private String cursor;
            private boolean last;
            private int pages;
            /** A cursor given twice would read the same pages for ever: the read stops instead. */
            private final java.util.Set<String> seen = new java.util.HashSet<>();

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && !last) {
                    if (pages == settings.maxPagesPerRead()) {
                        throw new ContractViolation(200, "Illumera's " + path + " did not end after "
                                + pages + " pages; reading stopped there (illumera.client.max-pages-per-read)", null);
                    }
                    var parameters = new LinkedHashMap<>(query);
                    parameters.put("limit", Integer.toString(PAGE_SIZE));
                    if (cursor != null) {
                        if (!seen.add(cursor)) {
                            throw new ContractViolation(200, "Illumera's " + path + " gave the cursor of an earlier"
                                    + " page again after " + pages + " pages; reading stopped so that it would not loop",
                                    null);
                        }
                        parameters.put("cursor", cursor);
                    }
                    Page<T> next = get(path, parameters, type);
                    pages++;
                    page = next.items().iterator();
                    cursor = next.nextCursor();
                    last = cursor == null;
                }
                return page.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return page.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED), false);
    }

    private <T> T resilient(Supplier<T> attempt) {
        Supplier<T> guarded = () -> {
            try {
                return breaker.executeSupplier(attempt);
            } catch (CallNotPermittedException open) {
                throw new Unavailable(0, "Illumera calls for this organisation are paused after repeated failures"
                        + " (circuit open); they resume shortly by themselves.", open);
            }
        };
        return Retry.decorateSupplier(retry, guarded).get();
    }

    private boolean transient_(Throwable error) {
        if (error instanceof RateLimited limited) {
            return limited.retryAfter().compareTo(settings.maxRetryAfterWait()) <= 0;
        }
        return error instanceof Unavailable && !(error.getCause() instanceof CallNotPermittedException);
    }

    private <T> T exchange(String method, String pathAndQuery, Object body, Map<String, String> headers,
                           TypeReference<T> type) {
        waitForRetryAfter();
        var request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + pathAndQuery))
                .timeout(settings.readTimeout())
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json");
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        Answer response;
        try {
            response = bounded(method, pathAndQuery,
                    http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new Unavailable(0, "Illumera could not be reached (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(0, "Interrupted while calling Illumera", e);
        }
        int status = response.statusCode();
        pace(response);
        if (status == 204 && type.getType() == Void.class) {
            return null;
        }
        if (status >= 200 && status < 300) {
            return parse(method, pathAndQuery, response.body(), type);
        }
        throw failure(method, pathAndQuery, response);
    }

    /** RateLimit-Limit and RateLimit-Remaining, when Illumera sent both as numbers (else nothing to go by). */
    private void pace(Answer response) {
        try {
            int limit = Integer.parseInt(response.headers().firstValue("RateLimit-Limit").orElse("").strip());
            int remaining = Integer.parseInt(response.headers().firstValue("RateLimit-Remaining").orElse("").strip());
            gate.pace(apiKey, limit, remaining);
        } catch (NumberFormatException e) {
            // no usable headers: Retry-After alone guards the rate
        }
    }

    /** An answer read in full, but never more than {@code maxAnswerBytes} of it. */
    record Answer(int statusCode, java.net.http.HttpHeaders headers, String body) {
    }

    private Answer bounded(String method, String path, HttpResponse<java.io.InputStream> response) throws IOException {
        long limit = settings.maxAnswerBytes();
        try (var in = response.body()) {
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            byte[] bytes = declared > limit ? null : in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes == null || bytes.length > limit) {
                throw new ContractViolation(response.statusCode(), "Illumera's answer to " + method + " " + path
                        + " is larger than " + limit / 1024 + " KiB (illumera.client.max-answer-bytes); it was not read",
                        null);
            }
            return new Answer(response.statusCode(), response.headers(), new String(bytes, StandardCharsets.UTF_8));
        }
    }

    /** Inside a Retry-After window no call is made: wait if it is short, refuse if it is long. */
    private void waitForRetryAfter() {
        Duration wait = gate.remaining(apiKey);
        if (wait.isZero()) {
            return;
        }
        if (wait.compareTo(settings.maxRetryAfterWait()) > 0) {
            throw new RateLimited("Illumera asked to wait " + wait.toSeconds() + " s before the next call", wait);
        }
        try {
            Thread.sleep(wait.toMillis() + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(0, "Interrupted while waiting for Retry-After", e);
        }
    }

    private static <T> T parse(String method, String path, String body, TypeReference<T> type) {
        try {
            T value = JSON.readValue(body, type);
            if (value == null) {
                throw new ContractViolation(200, "Illumera answered " + method + " " + path + " with no body", null);
            }
            return value;
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new ContractViolation(200, "Illumera's answer to " + method + " " + path
                    + " breaks the contract: " + rootMessage(e), e);
        }
    }

    private IllumeraException failure(String method, String path, Answer response) {
        int status = response.statusCode();
        Problem problem = problem(response.body(), status);
        String detail = "Illumera refused " + method + " " + path + " (" + status
                + (problem.code() == null ? "" : " " + problem.code()) + ")"
                + (problem.detail() == null ? "" : ": " + problem.detail());
        if (status == 429 || "rate_limited".equals(problem.code())) {
            Duration retryAfter = retryAfter(response).orElse(Duration.ofSeconds(1));
            gate.block(apiKey, retryAfter);
            return new RateLimited(detail, retryAfter);
        }
        if (status >= 500) {
            retryAfter(response).ifPresent(wait -> gate.block(apiKey, wait));
            return new Unavailable(status, detail, null);
        }
        String code = problem.code() == null ? "" : problem.code();
        return switch (code) {
            case "invalid_key" -> new IllumeraException.InvalidKey(detail);
            case "key_expired" -> new IllumeraException.KeyExpired(detail);
            case "workspace_forbidden" -> new IllumeraException.WorkspaceForbidden(detail);
            case "not_found" -> new IllumeraException.NotFound(detail);
            case "invalid_request" -> new IllumeraException.InvalidRequest(status, detail, problem.errors());
            case "duplicate" -> new IllumeraException.Duplicate(detail);
            case "version_mismatch" -> new IllumeraException.VersionMismatch(detail, current(method, path, response.body()));
            case "payload_too_large" -> new IllumeraException.PayloadTooLarge(detail);
            case "method_not_allowed" -> new IllumeraException.Rejected(status, detail);
            default -> new ContractViolation(status, detail + " — not an answer the contract describes", null);
        };
    }

    private static Problem problem(String body, int status) {
        try {
            JsonNode node = JSON.readTree(body == null ? "" : body);
            if (node != null && node.isObject()) {
                return JSON.treeToValue(node, Problem.class);
            }
        } catch (JacksonException | IllegalArgumentException e) {
            // not a problem document; decided by status alone
        }
        return new Problem(status, null, null, List.of());
    }

    /** The resource as it is now, from a 412; the contract says it is always there. */
    private static JsonNode current(String method, String path, String body) {
        JsonNode current = null;
        try {
            current = JSON.readTree(body).get("current");
        } catch (JacksonException | IllegalArgumentException e) {
            // handled below
        }
        if (current == null || !current.isObject()) {
            throw new ContractViolation(412, "Illumera answered " + method + " " + path
                    + " with 412 but without the current resource", null);
        }
        return current;
    }

    /** Reads a resource the way the client reads answers (used for the current resource of a 412). */
    static <T> T read(JsonNode node, Class<T> type) {
        try {
            return JSON.treeToValue(node, type);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new ContractViolation(412, "The current resource of a 412 breaks the contract: " + rootMessage(e), e);
        }
    }

    /** Whole seconds (contract), at least 1 and at most {@code maxRetryAfter}: an absurd value cannot park the key. */
    private java.util.Optional<Duration> retryAfter(Answer response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                long seconds = Math.max(1, Long.parseLong(value.strip()));
                return java.util.Optional.of(Duration.ofSeconds(Math.min(seconds, settings.maxRetryAfter().toSeconds())));
            } catch (NumberFormatException e) {
                return java.util.Optional.of(value.strip().matches("\\d{19,}") ? settings.maxRetryAfter()
                        : Duration.ofSeconds(1));
            }
        });
    }

    // --- helpers ------------------------------------------------------------------------------

    static Map<String, Object> members(NewTask task) {
        Map<String, Object> body = new LinkedHashMap<>();
        putIfPresent(body, "workspaceId", task.workspaceId());
        putIfPresent(body, "name", task.name());
        putIfPresent(body, "status", task.status());
        putIfPresent(body, "assigneeId", task.assigneeId());
        putIfPresent(body, "sprintId", task.sprintId());
        putIfPresent(body, "dueDate", task.dueDate() == null ? null : task.dueDate().toString());
        putIfPresent(body, "customFields", task.customFields());
        putIfPresent(body, "externalRef", task.externalRef());
        return body;
    }

    private static void putIfPresent(Map<String, Object> body, String name, Object value) {
        if (value != null) {
            body.put(name, value);
        }
    }

    private static Map<String, String> ifMatch(Long version) {
        return version == null ? Map.of() : Map.of("If-Match", "\"" + version + "\"");
    }

    private static Map<String, String> query(String name, Object value) {
        Map<String, String> query = new LinkedHashMap<>();
        if (value != null) {
            query.put(name, value.toString());
        }
        return query;
    }

    private static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        var text = new StringBuilder("?");
        query.forEach((name, value) -> text.append(text.length() > 1 ? "&" : "")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return text.toString();
    }

    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
