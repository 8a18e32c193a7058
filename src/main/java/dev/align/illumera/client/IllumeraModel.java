package dev.align.illumera.client;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The contract's resources. Unknown members of an answer are ignored (forward compatibility); a
 * missing required member is refused here, so an answer that breaks the contract never reaches Align.
 */
public final class IllumeraModel {

    private IllumeraModel() {
    }

    /**
     * Names and texts as Illumera sends them may hold control or bidirectional-override characters that
     * would make a log line or a page read differently than it is: they are dropped on arrival.
     */
    static String text(String value) {
        return dev.align.base.TextRules.printable(value, 10_000);
    }

    static <T> T required(T value, String name) {
        return Objects.requireNonNull(value, () -> "required member '" + name + "' is missing");
    }

    public record KeyInfo(String keyId, List<String> workspaceIds, Instant createdAt, Instant expiresAt) {
        public KeyInfo {
            required(keyId, "keyId");
            workspaceIds = List.copyOf(required(workspaceIds, "workspaceIds"));
            required(expiresAt, "expiresAt");
        }
    }

    public record Workspace(String id, String name, @JsonProperty(required = true) boolean archived,
                            String externalRef, Instant createdAt, Instant updatedAt,
                            @JsonProperty(required = true) long version) {
        public Workspace {
            required(id, "id");
            name = text(required(name, "name"));
            required(updatedAt, "updatedAt");
        }
    }

    public record Status(String key, String name, String category) {
        public Status {
            required(key, "key");
            name = text(required(name, "name"));
            required(category, "category");
        }
    }

    public record Field(String key, String name, String type, List<String> options) {
        public Field {
            required(key, "key");
            name = text(required(name, "name"));
            required(type, "type");
            options = options == null ? List.of() : List.copyOf(options);
        }
    }

    public record ImportRule(String id, String source, @JsonProperty(required = true) boolean enabled) {
        public ImportRule {
            required(id, "id");
            required(source, "source");
        }
    }

    public record Member(String id, String email, String name) {
        public Member {
            required(id, "id");
            email = text(required(email, "email"));
            name = text(name);
        }
    }

    public record Task(String id, String workspaceId, String name, String status, String assigneeId, String sprintId,
                       LocalDate dueDate, Map<String, Object> customFields, String externalRef,
                       @JsonProperty(required = true) boolean deleted, Instant createdAt, Instant updatedAt,
                       @JsonProperty(required = true) long version) {
        public Task {
            required(id, "id");
            required(workspaceId, "workspaceId");
            name = text(required(name, "name"));
            required(status, "status");
            required(updatedAt, "updatedAt");
            customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
        }
    }

    public record Sprint(String id, String workspaceId, String name, LocalDate startDate, LocalDate endDate,
                         String state, String externalRef, Instant updatedAt,
                         @JsonProperty(required = true) long version) {
        public Sprint {
            required(id, "id");
            required(workspaceId, "workspaceId");
            name = text(required(name, "name"));
            required(updatedAt, "updatedAt");
        }
    }

    /** A task to create; null members are left out of the request. */
    public record NewTask(String workspaceId, String name, String status, String assigneeId, String sprintId,
                          LocalDate dueDate, Map<String, Object> customFields, String externalRef) {
    }

    public record NewSprint(String workspaceId, String name, LocalDate startDate, LocalDate endDate, String state,
                            String externalRef) {
    }

    /** A registered webhook as listed (without its secret). */
    public record Webhook(String id, String url, List<String> events) {
        public Webhook {
            required(id, "id");
            required(url, "url");
            events = List.copyOf(required(events, "events"));
        }
    }

    /** The answer to registering a webhook: the only time Illumera shows its signing secret. */
    public record WebhookRegistration(String id, String url, List<String> events, String secret) {
        public WebhookRegistration {
            required(id, "id");
            required(secret, "secret");
        }

        @Override
        public String toString() {
            return "WebhookRegistration[" + id + ", " + url + ", " + events + ", secret=whsec_…]";
        }
    }

    public record TriggerReceipt(String triggerId, @JsonProperty(required = true) int workflowsStarted) {
        public TriggerReceipt {
            required(triggerId, "triggerId");
        }
    }

    /** One item of a batch: a create (with its idempotency key) or an update of a task. */
    public record BatchItem(String op, String id, Long ifMatch, String idempotencyKey, Map<String, Object> task) {

        /** A create always carries its idempotency key: retrying a batch must not create twice. */
        public static BatchItem create(NewTask task, String idempotencyKey) {
            return new BatchItem("create", null, null, required(idempotencyKey, "idempotencyKey"),
                    IllumeraClient.members(task));
        }

        public static BatchItem update(String id, Long ifMatch, Map<String, Object> changes) {
            return new BatchItem("update", id, ifMatch, null, changes);
        }
    }

    /** One item's answer; a failed item carries its problem (and, for 412, the current task). */
    public record BatchResult(@JsonProperty(required = true) int status, Task task, Problem error) {
        public boolean succeeded() {
            return status >= 200 && status < 300;
        }
    }

    public record Problem(int status, String code, String detail, List<FieldError> errors) {
        public Problem {
            code = dev.align.base.TextRules.printable(code, 100);
            detail = dev.align.base.TextRules.printable(detail, 1000);
            errors = errors == null ? List.of() : errors.stream().limit(100).toList();
        }
    }

    public record FieldError(String field, String message) {
        public FieldError {
            field = dev.align.base.TextRules.printable(field, 200);
            message = dev.align.base.TextRules.printable(message, 500);
        }
    }

    /**
     * A position in a change feed: everything before {@code updatedAt}, and the tasks at exactly that
     * time up to the versions in {@code versions}, were processed. It relies only on the contract's
     * timestamps (the feed is inclusive) and versions, not on how an implementation orders ids or how
     * fine its clock is: a second change of a task within one timestamp has a higher version.
     */
    public record FeedMark(Instant updatedAt, Map<String, Long> versions) {

        public FeedMark {
            versions = Map.copyOf(versions);
        }

        public static FeedMark of(Task task) {
            return new FeedMark(task.updatedAt(), Map.of(task.id(), task.version()));
        }

        /** The mark after also processing this task (feed order: never older than the mark). */
        public FeedMark after(Task task) {
            if (task.updatedAt().isAfter(updatedAt)) {
                return of(task);
            }
            var more = new java.util.HashMap<>(versions);
            more.merge(task.id(), task.version(), Math::max);
            return new FeedMark(updatedAt, more);
        }

        public boolean covers(Task task) {
            return task.updatedAt().isBefore(updatedAt) || (task.updatedAt().equals(updatedAt)
                    && versions.containsKey(task.id()) && task.version() <= versions.get(task.id()));
        }
    }
}
