package dev.align.illumera;

import dev.align.audit.AuditEntry;
import dev.align.audit.AuditTrail;
import dev.align.base.FieldErrors;
import dev.align.base.InvalidInputException;
import dev.align.illumera.ConnectionTest.Failure;
import dev.align.illumera.client.IllumeraClients;
import dev.align.illumera.client.KeptReads;
import dev.align.illumera.connection.IllumeraConnections;
import dev.align.illumera.client.IllumeraException;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.mapping.IllumeraField;
import dev.align.illumera.mapping.MappingModel.IllumeraStatus;
import dev.align.illumera.mapping.MappingModel.Mapping;
import dev.align.illumera.mapping.MappingModel.WorkspaceSchema;
import dev.align.illumera.mapping.MappingRules;
import dev.align.illumera.secrets.SecretBox;
import dev.align.organisation.OrganisationInfo;
import dev.align.organisation.OrganisationService;
import dev.align.security.Access;
import dev.align.security.CurrentUser;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The Illumera add-on of the current organisation: for its Owners and Admins only. */
@Service
@Transactional(readOnly = true)
public class IllumeraAddOnService {

    private static final Pattern KEY_FORMAT = Pattern.compile("ilm_(live|test)_[A-Za-z0-9]{32}");
    private static final Pattern WORKSPACE_FORMAT = Pattern.compile("[A-Za-z0-9_\\-]{1,100}");

    private record Connection(String workspaceId, String workspaceName, Long secretId, String keyMask,
                              Instant keyExpiresAt, String state) {
    }

    private final OrganisationService organisations;
    private final IllumeraClients clients;
    private final SecretBox secrets;
    private final AuditTrail audit;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final JsonMapper json;
    private final KeyExpiryCheck keyCheck;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final IllumeraConnections connections;
    /**
     * What the card and the settings show of the home workspace (its schema, its import rules), read from
     * Illumera at most once per {@code illumera.card.read-ttl} on this node. Without it every view of the
     * card spent three calls of the organisation's rate limit: with a few dozen admins browsing, views
     * waited seconds for the limit and took the sync's budget. Saving always reads afresh. Keyed by the
     * stored key's id: a new key (reconnect) reads afresh at once, on every node.
     */
    private final KeptReads workspaceReads;

    private record WorkspaceRead(long organisationId, long secretId, String workspaceId, String kind) {
    }

    IllumeraAddOnService(OrganisationService organisations, IllumeraClients clients, SecretBox secrets,
                         AuditTrail audit, JdbcClient jdbc, Clock clock, JsonMapper json, KeyExpiryCheck keyCheck,
                         TransactionTemplate transactions, ApplicationEventPublisher events,
                         IllumeraConnections connections, @Value("${illumera.card.read-ttl:PT1M}") Duration readTtl) {
        this.workspaceReads = new KeptReads(readTtl);
        this.connections = connections;
        this.transactions = transactions;
        this.events = events;
        this.organisations = organisations;
        this.clients = clients;
        this.secrets = secrets;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
        this.json = json;
        this.keyCheck = keyCheck;
    }

    /** The card's state; support staff read it under a live grant (read-only: nothing else here is theirs). */
    @PreAuthorize(Access.ORG_ADMIN_OR_SUPPORT)
    public AddOnCard card() {
        return card(organisations.readable()).onSandbox(clients.builtInSandbox());
    }

    private AddOnCard card(OrganisationInfo organisation) {
        if (!organisation.plan().includesIllumera()) {
            return AddOnCard.of(CardState.NOT_INCLUDED, "Not included in your plan",
                    "The Illumera add-on is not part of the " + organisation.plan().label()
                            + " plan. Contact your account manager to add it.");
        }
        Optional<Connection> known = connection(organisation.id());
        Optional<Connection> connection = known
                .filter(c -> c.state().equals("CONNECTED") || c.state().equals("KEY_EXPIRED"));
        if (connection.isEmpty()) {
            return known.map(c -> new AddOnCard(CardState.NOT_CONNECTED, "Not connected", "Disconnected from "
                            + c.workspaceName() + ". Nothing was deleted; connecting to the same workspace again"
                            + " resumes from the kept links.", c.workspaceId(), c.workspaceName(), null, null, false, false))
                    .orElseGet(() -> AddOnCard.of(CardState.NOT_CONNECTED, "Not connected",
                            "Connect Align to your Illumera workspace to sync projects, entries and releases."));
        }
        Connection c = connection.get();
        boolean configured = jdbc.sql("SELECT COUNT(*) FROM illumera_settings WHERE organisation_id = ?")
                .param(organisation.id()).query(Integer.class).single() > 0;
        Instant now = clock.instant();
        if (c.state().equals("KEY_EXPIRED") || (c.keyExpiresAt() != null && !now.isBefore(c.keyExpiresAt()))) {
            return card(c, configured, CardState.KEY_EXPIRED, "Key expired", "The API key " + c.keyMask()
                    + (c.keyExpiresAt() == null || now.isBefore(c.keyExpiresAt()) ? " was refused by Illumera"
                    : " expired on " + day(c.keyExpiresAt()))
                    + "; sync is paused. Create a new key in Illumera and enter it here (Enter a new key).");
        }
        if (c.keyExpiresAt() != null && Duration.between(now, c.keyExpiresAt()).compareTo(KeyExpiryCheck.WARNING) <= 0) {
            long days = Math.max(1, Duration.between(now, c.keyExpiresAt()).toDays());
            return card(c, configured, CardState.KEY_EXPIRING, "Key expires in " + days + (days == 1 ? " day" : " days"),
                    "Connected to " + c.workspaceName() + ". Create a new key in Illumera before "
                            + day(c.keyExpiresAt()) + " and enter it here (Enter a new key).");
        }
        return card(c, configured, CardState.CONNECTED, "Connected to " + c.workspaceName(),
                "Workspace " + c.workspaceId() + ", API key " + c.keyMask() + ".");
    }

    private static AddOnCard card(Connection c, boolean configured, CardState state, String headline, String detail) {
        return new AddOnCard(state, headline, detail, c.workspaceId(), c.workspaceName(), c.keyMask(),
                c.keyExpiresAt(), configured, false);
    }

    private static String day(Instant instant) {
        return instant.toString().substring(0, 10);
    }

    /** Asks Illumera whether the key opens the workspace; stores nothing. */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(propagation = Propagation.NOT_SUPPORTED) // calls Illumera: no transaction held meanwhile
    public ConnectionTest testConnection(String apiKey, String workspaceId) {
        var valid = checkInput(apiKey, workspaceId);
        var client = clients.forOrganisation(CurrentUser.organisationId(), valid.getKey());
        String workspace = valid.getValue();
        try {
            var key = client.key();
            var found = client.workspace(workspace);
            return new ConnectionTest(null, "Illumera accepted the key for workspace \"" + found.name() + "\".",
                    found.id(), found.name(), key.expiresAt());
        } catch (IllumeraException.InvalidKey e) {
            return ConnectionTest.failed(Failure.WRONG_KEY, "Illumera does not know this API key. Copy it again"
                    + " from Illumera's API key settings, or create a new one.");
        } catch (IllumeraException.KeyExpired e) {
            return ConnectionTest.failed(Failure.KEY_EXPIRED, "This API key has expired (keys expire 90 days after"
                    + " they are made). Create a new key in Illumera and enter it here.");
        } catch (IllumeraException.WorkspaceForbidden e) {
            return ConnectionTest.failed(Failure.NO_ACCESS_TO_WORKSPACE, "This key cannot open workspace " + workspace
                    + ". Use a key made for that workspace, or check the workspace ID.");
        } catch (IllumeraException.NotFound e) {
            return ConnectionTest.failed(Failure.UNKNOWN_WORKSPACE, "Illumera has no workspace with the ID "
                    + workspace + ". Copy the ID from the workspace's settings in Illumera.");
        } catch (IllumeraException.Unavailable | IllumeraException.RateLimited e) {
            return ConnectionTest.failed(Failure.UNREACHABLE, "Illumera cannot be reached right now. Nothing was"
                    + " saved; try again in a few minutes.");
        } catch (IllumeraException e) {
            return ConnectionTest.failed(Failure.NONSENSE, "Illumera answered in a way Align does not understand."
                    + " Nothing was saved; try again later, and contact support if it keeps happening.");
        }
    }

    /**
     * Connects after a passing test: the key is stored sealed (only its mask is kept in clear), and
     * one audit record says who connected which workspace. A failing test stores nothing.
     */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(propagation = Propagation.NOT_SUPPORTED) // calls Illumera: no transaction held meanwhile
    public AddOnCard connect(String apiKey, String workspaceId) {
        OrganisationInfo organisation = organisations.current();
        if (!organisation.plan().includesIllumera()) {
            throw new InvalidInputException("plan", "The Illumera add-on is not included in your plan.");
        }
        // Illumera is asked before the transaction opens: no database connection waits on the network.
        ConnectionTest test = testConnection(apiKey, workspaceId);
        if (!test.passed()) {
            throw new ConnectionRefused(test);
        }
        transactions.executeWithoutResult(tx -> store(organisation, apiKey.strip(), test));
        return card();
    }

    private void store(OrganisationInfo organisation, String key, ConnectionTest test) {
        lockConnection(organisation.id());
        Optional<Connection> before = connection(organisation.id());
        boolean otherWorkspace = before.isPresent() && !before.get().workspaceId().equals(test.workspaceId());
        if (otherWorkspace) {
            // Settings name the old workspace's statuses and fields: the new workspace starts from the defaults.
            jdbc.sql("DELETE FROM illumera_settings WHERE organisation_id = ?").param(organisation.id()).update();
            // The links and marks belong to the old workspace: the new one gets an initial sync of its own
            // (reconnecting to the same workspace keeps them and resumes; the run history is kept). Cleared now,
            // and once more by the sync's next run under the organisation's lock, for whatever a run still in
            // flight (it stops at its next step) wrote in between.
            for (String table : List.of("illumera_conflict", "illumera_duplicate", "illumera_link", "illumera_sync_state")) {
                jdbc.sql("DELETE FROM " + table + " WHERE organisation_id = ?").param(organisation.id()).update();
            }
            jdbc.sql("INSERT INTO illumera_sync_state (organisation_id, reset_requested) VALUES (?, TRUE)")
                    .param(organisation.id()).update();
        }
        long secretId = secrets.store(organisation.id(), SecretBox.Purpose.ILLUMERA_API_KEY, key);
        connections.connect(organisation.id(), test.workspaceId(), test.workspaceName(), secretId, SecretBox.mask(key),
                test.keyExpiresAt());
        before.map(Connection::secretId).ifPresent(old -> secrets.forget(organisation.id(), old));
        Map<String, Object> after = new LinkedHashMap<>(describe(connection(organisation.id()).orElseThrow()));
        if (otherWorkspace) {
            after.put("settings", "reset to the defaults for the new workspace");
        }
        audit.record(new AuditEntry(organisation.id(), "illumera.connect", test.workspaceId(), AuditEntry.Outcome.DONE,
                before.map(IllumeraAddOnService::describe).orElse(Map.of()), after));
        keyCheck.warnIfExpiring(organisation.id(), SecretBox.mask(key), test.keyExpiresAt());
    }

    /** Connect and disconnect of one organisation take turns (no orphaned key, no lost forget). */
    private void lockConnection(long organisationId) {
        jdbc.sql("SELECT id FROM organisation WHERE id = ? FOR UPDATE").param(organisationId).query(Long.class).single();
    }

    /**
     * The home workspace's statuses and custom fields, which the mapping is configured against, as read
     * within {@code illumera.card.read-ttl}.
     */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(propagation = Propagation.NOT_SUPPORTED) // calls Illumera: no transaction held meanwhile
    public WorkspaceSchema workspaceSchema() {
        return workspaceSchema(connected(), false);
    }

    private WorkspaceSchema workspaceSchema(Connected connected, boolean fresh) {
        String workspaceId = connected.connection().workspaceId();
        return workspaceRead(connected, "schema", fresh, () -> {
            var client = clients.forOrganisation(connected.organisationId(), connected.apiKey());
            return new WorkspaceSchema(
                    client.statuses(workspaceId).stream()
                            .map(status -> new IllumeraStatus(status.key(), status.name(), status.category())).toList(),
                    client.fields(workspaceId).stream()
                            .filter(field -> Set.of("text", "number", "date", "user", "option").contains(field.type()))
                            .map(field -> IllumeraField.custom(field.key(), field.name(), field.type())).toList());
        });
    }

    private <T> T workspaceRead(Connected connected, String kind, boolean fresh, Supplier<T> read) {
        return workspaceReads.get(new WorkspaceRead(connected.organisationId(), connected.connection().secretId(),
                connected.connection().workspaceId(), kind), fresh, read);
    }

    /**
     * A warning when two-way sync would meet an import rule of the workspace that copies Align
     * records (the help page's "Duplicate entries appearing"); empty when there is nothing to fear. As
     * read within {@code illumera.card.read-ttl} unless {@code askAgain} (a person asked; saving always asks).
     */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(propagation = Propagation.NOT_SUPPORTED) // calls Illumera: no transaction held meanwhile
    public Optional<String> loopWarning(Direction direction, boolean askAgain) {
        return loopWarning(direction, connected(), askAgain);
    }

    private Optional<String> loopWarning(Direction direction, Connected connected, boolean fresh) {
        if (direction != Direction.BIDIRECTIONAL) {
            return Optional.empty();
        }
        boolean copiesAlign = workspaceRead(connected, "copiesAlign", fresh, () -> clients
                .forOrganisation(connected.organisationId(), connected.apiKey())
                .importRules(connected.connection().workspaceId()).stream()
                .anyMatch(rule -> rule.enabled() && rule.source().equalsIgnoreCase("align")));
        return copiesAlign ? Optional.of("Workspace " + connected.connection().workspaceName() + " has an import"
                + " rule that copies Align records. With two-way sync every entry would arrive twice and the copies"
                + " would sync back: a loop. Switch the rule off in Illumera, or confirm to sync both ways anyway.")
                : Optional.empty();
    }

    /** The saved settings, or the help page's defaults against the home workspace. */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(propagation = Propagation.NOT_SUPPORTED) // calls Illumera: no transaction held meanwhile
    public SettingsView settings() {
        return settings(workspaceSchema(connected(), false));
    }

    private SettingsView settings(WorkspaceSchema schema) {
        long organisationId = CurrentUser.organisationId();
        return jdbc.sql("SELECT settings, version FROM illumera_settings WHERE organisation_id = ?")
                .param(organisationId)
                .query((rs, n) -> new SettingsView(json.readValue(rs.getString("settings"), AddOnSettings.class),
                        rs.getInt("version"), schema))
                .optional()
                .orElseGet(() -> new SettingsView(new AddOnSettings(Mapping.defaults(Direction.BIDIRECTIONAL, schema),
                        ConflictPolicy.ASK_ME, Set.of(), false), 0, schema));
    }

    /**
     * Validates and saves everything in one transaction with one audit record. Refused, with a
     * reason per mapping row, when the mapping does not fit the workspace; refused when two-way sync
     * meets an import rule that copies Align records and the risk was not confirmed; refused when
     * someone else saved meanwhile ({@code expectedVersion}).
     */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(propagation = Propagation.NOT_SUPPORTED) // calls Illumera: no transaction held meanwhile
    public SettingsView saveSettings(AddOnSettings settings, int expectedVersion, boolean loopRiskConfirmed) {
        long organisationId = CurrentUser.organisationId();
        // Illumera is asked (afresh: what is saved must fit the workspace as it is now) before the transaction
        // opens: no database connection waits on the network.
        Connected connected = connected();
        SettingsView current = settings(workspaceSchema(connected, true));
        var errors = problems(settings, current.schema());
        loopWarning(settings.mapping().direction(), connected, true).filter(warning -> !loopRiskConfirmed)
                .ifPresent(warning -> errors.reject("direction", warning));
        errors.throwIfAny();
        int version = expectedVersion + 1;
        transactions.executeWithoutResult(tx -> {
            // The version in the WHERE clause (or the primary key on a first save) refuses a concurrent save.
            int written;
            try {
                written = expectedVersion == 0
                        ? jdbc.sql("INSERT INTO illumera_settings (organisation_id, settings, version, updated_at)"
                                + " VALUES (?, ?, 1, ?)")
                        .params(organisationId, json.writeValueAsString(settings), Timestamp.from(clock.instant()))
                        .update()
                        : jdbc.sql("UPDATE illumera_settings SET settings = ?, version = ?, updated_at = ?"
                                + " WHERE organisation_id = ? AND version = ?")
                        .params(json.writeValueAsString(settings), version, Timestamp.from(clock.instant()),
                                organisationId, expectedVersion)
                        .update();
            } catch (DuplicateKeyException e) {
                written = 0;
            }
            if (written != 1) {
                throw new OptimisticLockingFailureException("The Illumera settings were changed by someone else");
            }
            audit.record(new AuditEntry(organisationId, "illumera.settings", "Settings → Add-ons → Illumera",
                    AuditEntry.Outcome.DONE, current.version() == 0 ? Map.of() : summary(current.settings()),
                    summary(settings)));
        });
        events.publishEvent(new SettingsSaved(organisationId,
                current.version() > 0 && settings.widens(current.settings())));
        return new SettingsView(settings, version, current.schema());
    }

    /**
     * Refuses settings that could not be saved (the mapping against the home workspace), with a reason
     * per row, as {@link #saveSettings} would; the import-rule question is left to saving. For previews
     * of settings not saved yet.
     */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(propagation = Propagation.NOT_SUPPORTED) // calls Illumera: no transaction held meanwhile
    public void check(AddOnSettings settings) {
        problems(settings, workspaceSchema()).throwIfAny();
    }

    private static FieldErrors problems(AddOnSettings settings, WorkspaceSchema schema) {
        if (settings == null || settings.mapping() == null || settings.conflictPolicy() == null) {
            throw new InvalidInputException("settings", "Choose a mapping and a conflict policy.");
        }
        var errors = new FieldErrors();
        MappingRules.validate(settings.mapping(), schema).forEach(problem -> errors.reject(
                problem.row() == null ? "mapping" : "mapping." + problem.row().name(), problem.reason()));
        return errors;
    }

    /** The settings as the audit trail compares them: one line per setting and mapping row. */
    private static Map<String, Object> summary(AddOnSettings settings) {
        Map<String, Object> lines = new LinkedHashMap<>();
        lines.put("direction", settings.mapping().direction().label());
        lines.put("conflictPolicy", settings.conflictPolicy().label());
        lines.put("firstLink", settings.firstLink().label());
        lines.put("triggers", settings.triggers().stream().map(TriggerEvent::event).sorted().toList().toString());
        lines.put("propagateDeletes", settings.propagateDeletes());
        settings.mapping().rows().forEach(row -> lines.put("mapping." + row.alignField().name(), !row.enabled()
                ? "off" : (row.target() == null ? "?" : row.target().name()) + " (" + row.direction().label()
                + (settings.fieldPolicies().containsKey(row.alignField())
                        ? "; " + settings.policyOf(row.alignField()).label() : "") + ")"));
        lines.put("statusTable", new TreeMap<>(settings.mapping().statuses().toIllumera()) + " / "
                + new TreeMap<>(settings.mapping().statuses().toAlign()));
        return lines;
    }

    private record Connected(long organisationId, Connection connection, String apiKey) {
    }

    private Connected connected() {
        long organisationId = CurrentUser.organisationId();
        Connection connection = connection(organisationId)
                .filter(c -> c.state().equals("CONNECTED") && c.secretId() != null)
                .orElseThrow(() -> new InvalidInputException("connection", "Connect Illumera first."));
        return new Connected(organisationId, connection,
                secrets.open(organisationId, SecretBox.Purpose.ILLUMERA_API_KEY, connection.secretId()));
    }

    /** Stops syncing at once, forgets the key, keeps links, history and audit; deletes nothing anywhere. */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional
    public AddOnCard disconnect() {
        long organisationId = CurrentUser.organisationId();
        lockConnection(organisationId);
        Connection before = connection(organisationId)
                .filter(c -> c.state().equals("CONNECTED") || c.state().equals("KEY_EXPIRED"))
                .orElseThrow(() -> new InvalidInputException("connection", "Illumera is not connected."));
        connections.disconnect(organisationId);
        if (before.secretId() != null) {
            secrets.forget(organisationId, before.secretId());
        }
        audit.record(new AuditEntry(organisationId, "illumera.disconnect", before.workspaceId(),
                AuditEntry.Outcome.DONE, describe(before), describe(connection(organisationId).orElseThrow())));
        return card();
    }

    private Map.Entry<String, String> checkInput(String apiKey, String workspaceId) {
        var errors = new FieldErrors();
        String key = errors.text("apiKey", apiKey, true, 200, false);
        String workspace = errors.text("workspaceId", workspaceId, true, 100, false);
        if (key != null && !KEY_FORMAT.matcher(key).matches()) {
            errors.reject("apiKey", "An Illumera API key looks like ilm_live_ followed by 32 letters and digits.");
        }
        if (workspace != null && !WORKSPACE_FORMAT.matcher(workspace).matches()) {
            errors.reject("workspaceId", "A workspace ID holds only letters, digits, _ and -, such as ws_AlignDemo.");
        }
        errors.throwIfAny();
        return Map.entry(key, workspace);
    }

    private Optional<Connection> connection(long organisationId) {
        return connections.find(organisationId).map(c -> new Connection(c.workspaceId(), c.workspaceName(),
                c.secretId(), c.keyMask(), c.keyExpiresAt(), c.state()));
    }

    /** What the audit trail shows of a connection: never the key, only its mask. */
    private static Map<String, Object> describe(Connection connection) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("workspace", connection.workspaceId() + " (" + connection.workspaceName() + ")");
        shown.put("key", connection.secretId() == null ? "forgotten" : connection.keyMask());
        shown.put("keyExpiresAt", String.valueOf(connection.keyExpiresAt()));
        shown.put("state", connection.state());
        return shown;
    }
}
