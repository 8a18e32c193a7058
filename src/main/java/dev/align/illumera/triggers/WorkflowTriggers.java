package dev.align.illumera.triggers;

import dev.align.audit.AuditEntry;
import dev.align.audit.AuditTrail;
import dev.align.base.InvalidInputException;
import dev.align.base.NotFoundException;
import dev.align.entry.Entry;
import dev.align.entry.EntryService;
import dev.align.illumera.AddOnSettings;
import dev.align.illumera.TriggerEvent;
import dev.align.illumera.client.IllumeraClient;
import dev.align.illumera.client.IllumeraClients;
import dev.align.illumera.client.IllumeraException;
import dev.align.illumera.client.IllumeraModel.TriggerReceipt;
import dev.align.illumera.connection.IllumeraConnections;
import dev.align.illumera.secrets.SecretBox;
import dev.align.illumera.triggers.TriggerDeliveries.New;
import dev.align.illumera.triggers.TriggerDeliveries.Row;
import dev.align.outbox.ChangeOrigin;
import dev.align.outbox.Outbox;
import dev.align.release.Release;
import dev.align.release.ReleaseService;
import dev.align.security.Access;
import dev.align.security.CurrentUser;
import dev.align.security.SyncAgent;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Workflow triggers (PRODUCT §4): a person's Align events chosen on the card (entry created, entry
 * status changed, release published) are read from the outbox, kept as delivery rows and sent to
 * {@code POST /v1/workspaces/{id}/triggers} of the connected workspace. Each row's idempotency key is
 * fixed, so a retry, a second node or a node that died after sending has exactly one effect in
 * Illumera (within the contract's 24 h; the retries end long before). Transient failures are tried
 * again with exponential backoff and jitter; the rows are the delivery log Owners and Admins read.
 * Each organisation is handled under a ShedLock lock of its own, apart from its sync: a long initial
 * sync does not hold its workflows back.
 */
@Service
public class WorkflowTriggers {

    /** After this many failed attempts a delivery fails for good (about 3 hours in all). */
    static final int MAX_ATTEMPTS = 8;
    /** 10 s, 30 s, 90 s, … up to 2 h, each ±25 % (resilience4j's backoff, here for stored retries). */
    static final IntervalFunction BACKOFF = IntervalFunction.ofExponentialRandomBackoff(Duration.ofSeconds(10), 3.0,
            0.25, Duration.ofHours(2));
    /** Events younger than this are read again next time: outbox ids are handed out before commit. */
    static final Duration LOOK_BACK = Duration.ofSeconds(30);
    private static final Duration FIRST_ROUND = Duration.ofHours(1);
    private static final int OUTBOX_PAGE = 500;
    private static final int DELIVERIES_PER_ROUND = 100;

    /** One line of the delivery log. */
    public record Delivery(long id, TriggerEvent event, String record, Instant occurredAt, String state, int attempts,
                           Instant lastAttemptAt, Instant nextAttemptAt, String answer) {
    }

    private final TriggerDeliveries deliveries;
    private final Outbox outbox;
    private final EntryService entries;
    private final ReleaseService releases;
    private final IllumeraConnections connections;
    private final IllumeraClients clients;
    private final SecretBox secrets;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AuditTrail audit;
    private final LockingTaskExecutor locks;
    private final MeterRegistry meters;
    private final Clock clock;

    @SuppressWarnings("java:S107") // the collaborators of the feature's one public service
    WorkflowTriggers(TriggerDeliveries deliveries, Outbox outbox, EntryService entries, ReleaseService releases,
                     IllumeraConnections connections, IllumeraClients clients, SecretBox secrets, JdbcClient jdbc,
                     JsonMapper json, AuditTrail audit, LockProvider lockProvider, MeterRegistry meters, Clock clock) {
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.entries = entries;
        this.releases = releases;
        this.connections = connections;
        this.clients = clients;
        this.secrets = secrets;
        this.jdbc = jdbc;
        this.json = json;
        this.audit = audit;
        this.locks = new DefaultLockingTaskExecutor(lockProvider);
        this.meters = meters;
        this.clock = clock;
    }

    /** The delivery log of the caller's organisation, newest first, before {@code beforeId}. */
    @PreAuthorize(Access.ORG_ADMIN)
    public List<Delivery> log(Long beforeId, int limit) {
        return deliveries.page(CurrentUser.organisationId(), beforeId, Math.clamp(limit, 1, 500)).stream()
                .map(this::describe).toList();
    }

    /** Sends a failed delivery again (same idempotency key) at the next round; audited. */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional
    public void sendAgain(long deliveryId) {
        long organisationId = CurrentUser.organisationId();
        Row row = deliveries.find(organisationId, deliveryId)
                .orElseThrow(() -> new NotFoundException("Trigger delivery", deliveryId));
        if (!deliveries.again(organisationId, row.id(), clock.instant())) {
            throw new InvalidInputException("delivery", "Only a failed delivery can be sent again.");
        }
        audit.record(new AuditEntry(organisationId, "illumera.trigger-sent-again", row.event() + " #" + row.id(),
                AuditEntry.Outcome.DONE, Map.of("state", row.state().name(), "answer", String.valueOf(row.answer())),
                Map.of("state", "PENDING")));
    }

    /** Organisations connected now with events to read or deliveries due (every node's round). */
    List<Long> organisationsWithWork() {
        return deliveries.organisationsWithWork(deliveries.databaseNow());
    }

    /** One round for one organisation (skipped when another node has it): read the outbox, then send what is due. */
    void deliverFor(long organisationId) {
        try {
            locks.executeWithLock(() -> SyncAgent.actFor(organisationId, () -> {
                        connections.find(organisationId).filter(IllumeraConnections.Stored::active).ifPresent(connection -> {
                            enqueue(connection);
                            send(connection);
                        });
                        return null;
                    }),
                    new LockConfiguration(clock.instant(), "illumera-triggers-" + organisationId, Duration.ofMinutes(10),
                            Duration.ZERO));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The chosen events of people since the position, as rows; the position kept a look-back behind. */
    private void enqueue(IllumeraConnections.Stored connection) {
        long organisationId = connection.organisationId();
        Instant now = deliveries.databaseNow();
        Optional<Long> stored = deliveries.position(organisationId);
        // First round: from the connection on, but at most an hour back (a connection older than this
        // feature does not get its history of events sent).
        Instant from = connection.connectedAt().isAfter(now.minus(FIRST_ROUND)) ? connection.connectedAt()
                : now.minus(FIRST_ROUND);
        long position = stored.orElseGet(() -> outbox.latestPosition(from));
        Set<TriggerEvent> chosen = chosen(organisationId);
        Instant cutoff = now.minus(LOOK_BACK);
        long safe = position;
        for (List<Outbox.Recorded> page = outbox.after(position, OUTBOX_PAGE); !page.isEmpty();
             page = page.size() < OUTBOX_PAGE ? List.of() : outbox.after(position, OUTBOX_PAGE)) {
            List<Outbox.Recorded> wanted = new ArrayList<>();
            for (Outbox.Recorded change : page) {
                position = change.position();
                if (change.occurredAt().isBefore(cutoff)) {
                    safe = change.position();
                }
                TriggerEvent event = event(change);
                // The sync's own writes came from Illumera: Illumera's workflows saw them there. Nothing from
                // before the connection was made.
                if (event != null && chosen.contains(event) && change.origin() == ChangeOrigin.PERSON
                        && !change.occurredAt().isBefore(connection.connectedAt())) {
                    wanted.add(change);
                }
            }
            Set<Long> known = deliveries.known(organisationId, wanted.stream().map(Outbox.Recorded::position).toList());
            deliveries.add(organisationId, rows(connection.workspaceId(),
                    wanted.stream().filter(c -> !known.contains(c.position())).toList()), now);
        }
        deliveries.savePosition(organisationId, safe, now);
    }

    private static TriggerEvent event(Outbox.Recorded change) {
        return switch (change.type()) {
            case ENTRY_CREATED -> TriggerEvent.ENTRY_CREATED;
            case ENTRY_CHANGED -> change.statusChanged() ? TriggerEvent.ENTRY_STATUS_CHANGED : null;
            case RELEASE_PUBLISHED -> TriggerEvent.RELEASE_PUBLISHED;
            default -> null;
        };
    }

    private Set<TriggerEvent> chosen(long organisationId) {
        return jdbc.sql("SELECT settings FROM illumera_settings WHERE organisation_id = ?").param(organisationId)
                .query(String.class).optional()
                .map(text -> json.readValue(text, AddOnSettings.class).triggers()).orElse(Set.of());
    }

    /** Each event with the record as it is now (a record deleted since is sent with its id alone). */
    private List<New> rows(String workspaceId, List<Outbox.Recorded> changes) {
        Map<Long, Entry> entriesById = entries.forSync(changes.stream()
                        .filter(c -> event(c) != TriggerEvent.RELEASE_PUBLISHED).map(Outbox.Recorded::recordId).toList())
                .stream().collect(Collectors.toMap(Entry::getId, Function.identity()));
        List<New> rows = new ArrayList<>();
        for (Outbox.Recorded change : changes) {
            TriggerEvent event = event(change);
            Map<String, Object> data = new LinkedHashMap<>();
            if (event == TriggerEvent.RELEASE_PUBLISHED) {
                data.put("releaseId", change.recordId());
                data.put("externalRef", "align:release:" + change.recordId());
                release(change.recordId()).ifPresent(release -> {
                    data.put("name", release.getName());
                    data.put("releaseDate", release.getReleaseDate() == null ? null : release.getReleaseDate().toString());
                });
            } else {
                data.put("entryId", change.recordId());
                data.put("externalRef", "align:entry:" + change.recordId());
                Entry entry = entriesById.get(change.recordId());
                if (entry != null) {
                    data.put("title", entry.getTitle());
                    data.put("status", entry.getStatus().name());
                    data.put("projectId", entry.getProjectId());
                }
            }
            rows.add(new New(change.position(), event.event(), change.recordId(), workspaceId, change.occurredAt(),
                    json.writeValueAsString(data)));
        }
        return rows;
    }

    private Optional<Release> release(long id) {
        try {
            return Optional.of(releases.get(id));
        } catch (NotFoundException deleted) {
            return Optional.empty();
        }
    }

    /** The due rows, oldest first; a refused key or an unreachable Illumera ends the round (rows wait). */
    private void send(IllumeraConnections.Stored connection) {
        List<Row> due = deliveries.due(connection.organisationId(), deliveries.databaseNow(), DELIVERIES_PER_ROUND);
        if (due.isEmpty()) {
            return;
        }
        IllumeraClient client = clients.forOrganisation(connection.organisationId(),
                secrets.open(connection.organisationId(), SecretBox.Purpose.ILLUMERA_API_KEY, connection.secretId()));
        for (Row row : due) {
            if (!row.workspaceId().equals(connection.workspaceId())) {
                deliveries.failed(row.id(), clock.instant(), "Not sent: the connection now uses another workspace.", null);
                continue;
            }
            if (!attempt(client, row)) {
                return;
            }
        }
    }

    /** One attempt; false when the rest of the round should wait (the key, or Illumera itself, is failing). */
    private boolean attempt(IllumeraClient client, Row row) {
        Instant at = clock.instant();
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> data = json.readValue(row.payload(), Map.class);
            TriggerReceipt receipt = client.trigger(row.workspaceId(), row.event(), row.occurredAt(), data,
                    row.idempotencyKey());
            deliveries.delivered(row.id(), at, "Accepted: " + receipt.workflowsStarted() + " workflow"
                    + (receipt.workflowsStarted() == 1 ? "" : "s") + " started (" + receipt.triggerId() + ")",
                    receipt.triggerId(), receipt.workflowsStarted());
            attempted("delivered");
            return true;
        } catch (IllumeraException.InvalidKey | IllumeraException.KeyExpired e) {
            // The sync pauses the connection; these wait for a new key without spending attempts.
            deliveries.postponed(row.id(), "Waiting: Illumera refused the API key (" + e.status() + ").",
                    at.plus(Duration.ofMinutes(5)));
            attempted("key_refused");
            return false;
        } catch (IllumeraException.InvalidRequest | IllumeraException.NotFound | IllumeraException.WorkspaceForbidden
                 | IllumeraException.Duplicate | IllumeraException.PayloadTooLarge | IllumeraException.Rejected e) {
            deliveries.failed(row.id(), at, "Refused by Illumera (" + e.status() + "): " + e.getMessage(), null);
            attempted("refused");
            return true;
        } catch (IllumeraException e) {
            // 5xx, time-out, 429 beyond the wait, an answer that breaks the contract: the same key is safe to send again.
            int attempt = row.attempts() + 1;
            boolean last = attempt >= MAX_ATTEMPTS;
            deliveries.failed(row.id(), at, (last ? "Gave up after " + attempt + " attempts. " : "")
                    + (e.status() == 0 ? "" : "Illumera answered " + e.status() + ": ") + e.getMessage(),
                    last ? null : at.plusMillis(BACKOFF.apply(attempt)));
            attempted(last ? "gave_up" : "retry");
            return !(e instanceof IllumeraException.Unavailable || e instanceof IllumeraException.RateLimited);
        }
    }

    /** Each attempt's outcome, for the operators' dashboards (Prometheus: illumera_triggers_attempts_total). */
    private void attempted(String outcome) {
        meters.counter("illumera.triggers.attempts", "outcome", outcome).increment();
    }

    private Delivery describe(Row row) {
        String state = switch (row.state()) {
            case DELIVERED -> "Delivered";
            case FAILED -> "Failed";
            case PENDING -> row.attempts() == 0 ? "Waiting to be sent" : "Will retry";
        };
        TriggerEvent event = java.util.Arrays.stream(TriggerEvent.values()).filter(e -> e.event().equals(row.event()))
                .findFirst().orElseThrow();
        String title = title(row.payload());
        String record = (event == TriggerEvent.RELEASE_PUBLISHED ? "Release #" : "Entry #") + row.recordId()
                + (title == null ? "" : " · " + title);
        return new Delivery(row.id(), event, record, row.occurredAt(), state, row.attempts(), row.lastAttemptAt(),
                row.state() == TriggerDeliveries.State.PENDING ? row.nextAttemptAt() : null, row.answer());
    }

    private String title(String payload) {
        Map<?, ?> data = json.readValue(payload, Map.class);
        Object title = data.containsKey("title") ? data.get("title") : data.get("name");
        return title == null ? null : title.toString();
    }
}
