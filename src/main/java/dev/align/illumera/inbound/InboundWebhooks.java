package dev.align.illumera.inbound;

import dev.align.audit.AuditEntry;
import dev.align.audit.AuditTrail;
import dev.align.base.InvalidInputException;
import dev.align.illumera.WebhookArrived;
import dev.align.illumera.client.IllumeraClient;
import dev.align.illumera.client.IllumeraClients;
import dev.align.illumera.client.IllumeraException;
import dev.align.illumera.client.IllumeraModel.WebhookRegistration;
import dev.align.illumera.connection.IllumeraConnections;
import dev.align.illumera.inbound.WebhookEndpoints.Endpoint;
import dev.align.illumera.inbound.WebhookEndpoints.Registration;
import dev.align.illumera.sync.IllumeraSync;
import dev.align.illumera.secrets.SecretBox;
import dev.align.security.Access;
import dev.align.security.CurrentUser;
import dev.align.webhooks.StandardWebhooks;
import dev.align.webhooks.WebhookRejected;
import dev.align.webhooks.WebhookSecret;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Illumera's webhooks to Align (issue 14): each organisation gets an unguessable receiving address under
 * the operator's public base URL, registered in its workspace through the API in one click, with the
 * signing secret sealed at rest. Deliveries are verified (Standard Webhooks, several secrets during a
 * rotation, ±5 min), recorded once per webhook-id (a unique key, so two nodes receiving the same one
 * act once) and only say "look now": the organisation gets a run, which reads Illumera's current
 * state. Webhooks are lossy; the scheduled runs stay the safety net.
 */
@Service
public class InboundWebhooks {

    /** Where Illumera posts: the public base URL and this path with the organisation's token. */
    public static final String PATH = "/webhooks/illumera/";
    static final List<String> EVENTS = List.of("task.*", "sprint.*", "workspace.*");
    /** How long the previous secret is still accepted after a rotation (retries signed before it). */
    static final Duration ROTATION_OVERLAP = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(InboundWebhooks.class);

    /**
     * What the card shows. {@code url} is null until an address exists; {@code registered} of
     * {@code workspaces} synced workspaces have a webhook; {@code liveCheck} says what Illumera lists.
     */
    public record Status(String url, int registered, int workspaces, Instant registeredAt, Instant lastEventAt,
                         int rejected, Instant lastRejectedAt, String lastRejection, String liveCheck,
                         boolean registeredLive, String setupProblem) {

        public boolean anyRegistered() {
            return registered > 0;
        }
    }

    /** How a delivery was answered (the controller maps each to its status code). */
    enum Outcome { ACCEPTED, DUPLICATE, UNKNOWN_ADDRESS, MISSING_HEADERS, UNVERIFIED, MALFORMED, TOO_LARGE, DISCONNECTED }

    private final WebhookEndpoints endpoints;
    private final IllumeraConnections connections;
    private final IllumeraSync sync;
    private final IllumeraClients clients;
    private final SecretBox secrets;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final Environment environment;
    private final String publicBaseUrl;
    private final Clock clock;

    @SuppressWarnings("java:S107") // the collaborators of the feature's one public service
    InboundWebhooks(WebhookEndpoints endpoints, IllumeraConnections connections, IllumeraSync sync, IllumeraClients clients,
                    SecretBox secrets, AuditTrail audit, ApplicationEventPublisher events, JsonMapper json,
                    MeterRegistry meters, Environment environment,
                    @Value("${align.public-base-url:}") String publicBaseUrl, Clock clock) {
        this.endpoints = endpoints;
        this.connections = connections;
        this.sync = sync;
        this.clients = clients;
        this.secrets = secrets;
        this.audit = audit;
        this.events = events;
        this.json = json;
        this.meters = meters;
        this.environment = environment;
        this.publicBaseUrl = publicBaseUrl.strip();
        this.clock = clock;
    }

    // ------------------------------------------------------------------ the card (Owners and Admins)

    /** The organisation's webhooks as stored; with {@code askIllumera}, whether Illumera lists each now. */
    @PreAuthorize(Access.ORG_ADMIN)
    public Status status(boolean askIllumera) {
        long organisationId = CurrentUser.organisationId();
        var connection = connections.find(organisationId).filter(IllumeraConnections.Stored::active);
        var endpoint = endpoints.find(organisationId);
        List<Registration> registrations = endpoints.registrations(organisationId);
        List<String> synced = connection.isPresent() ? sync.syncedWorkspaces() : List.of();
        String base = baseUrl();
        String url = endpoint.map(e -> base == null ? null : base + PATH + e.token()).orElse(null);
        String problem = base == null ? "Align's public address is not configured (ALIGN_PUBLIC_BASE_URL):"
                + " Illumera cannot reach this Align." : connection.isEmpty() ? "Connect Illumera first." : null;
        long current = registrations.stream().filter(r -> synced.contains(r.workspaceId())).count();
        String liveCheck = null;
        boolean live = false;
        if (askIllumera && connection.isPresent() && current > 0) {
            try {
                IllumeraClient client = client(connection.get());
                long listed = registrations.stream().filter(r -> synced.contains(r.workspaceId()))
                        .filter(r -> client.webhooks(r.workspaceId()).stream()
                                .anyMatch(w -> w.id().equals(r.webhookId()) && w.url().equals(url)))
                        .count();
                live = listed == synced.size();
                liveCheck = live ? "Registered in " + countOf(synced.size())
                        : "Illumera lists it in " + listed + " of " + countOf(synced.size())
                        + " (removed in Illumera, or a workspace paired since)";
            } catch (IllumeraException e) {
                liveCheck = "Could not ask Illumera: " + e.getMessage();
            }
        }
        Instant registeredAt = registrations.stream().map(Registration::registeredAt).max(Instant::compareTo)
                .orElse(null);
        return new Status(url, (int) current, synced.size(), registeredAt,
                endpoint.map(Endpoint::lastEventAt).orElse(null), endpoint.map(Endpoint::rejected).orElse(0),
                endpoint.map(Endpoint::lastRejectedAt).orElse(null), endpoint.map(Endpoint::lastRejection).orElse(null),
                liveCheck, live, problem);
    }

    private static String countOf(int workspaces) {
        return workspaces == 1 ? "the synced workspace" : "the " + workspaces + " synced workspaces";
    }

    /**
     * Registers the organisation's address in every workspace the sync covers (Illumera answers each
     * with a signing secret of its own, sealed here); a webhook registered before in a workspace is
     * removed in Illumera once the new one is stored, its secret accepted for {@link #ROTATION_OVERLAP}
     * more (this is also the rotation). Workspaces no longer synced lose their webhook.
     */
    @PreAuthorize(Access.ORG_ADMIN)
    public Status register() {
        long organisationId = CurrentUser.organisationId();
        var connection = connections.find(organisationId).filter(IllumeraConnections.Stored::active)
                .orElseThrow(() -> new InvalidInputException("connection", "Connect Illumera first."));
        String base = baseUrl();
        if (base == null) {
            throw new InvalidInputException("webhook", "Align's public address is not configured"
                    + " (ALIGN_PUBLIC_BASE_URL): Illumera could not reach this Align.");
        }
        List<String> synced = sync.syncedWorkspaces();
        String url = base + PATH + endpoints.ensure(organisationId, newToken()).token();
        IllumeraClient client = client(connection);
        Map<String, Registration> before = new java.util.HashMap<>();
        endpoints.registrations(organisationId).forEach(r -> before.put(r.workspaceId(), r));
        boolean rotation = !before.isEmpty();
        Instant now = clock.instant();
        for (String workspace : synced) {
            WebhookRegistration registration = client.registerWebhook(workspace, url, EVENTS);
            WebhookSecret.parse(registration.secret()); // a secret that breaks the contract is refused here
            long secretId = secrets.store(organisationId, SecretBox.Purpose.WEBHOOK_SIGNING_SECRET, registration.secret());
            Registration old = before.remove(workspace);
            endpoints.saveRegistration(new Registration(organisationId, workspace, registration.id(), secretId,
                    old == null ? null : old.secretId(), old == null ? null : now.plus(ROTATION_OVERLAP), now));
            if (old != null) {
                if (old.previousSecretId() != null) {
                    secrets.forget(organisationId, old.previousSecretId());
                }
                deleteQuietly(client, workspace, old.webhookId());
            }
        }
        for (Registration gone : before.values()) { // a workspace no longer synced
            deleteQuietly(client, gone.workspaceId(), gone.webhookId());
            endpoints.dropRegistration(organisationId, gone.workspaceId());
            secrets.forget(organisationId, gone.secretId());
            if (gone.previousSecretId() != null) {
                secrets.forget(organisationId, gone.previousSecretId());
            }
        }
        audit.record(new AuditEntry(organisationId, rotation ? "illumera.webhook-secret-rotated"
                : "illumera.webhook-registered", url.substring(0, url.lastIndexOf('/') + 1) + "…", AuditEntry.Outcome.DONE,
                Map.of(), Map.of("workspaces", String.join(", ", synced))));
        return status(true);
    }

    private static void deleteQuietly(IllumeraClient client, String workspace, String webhookId) {
        try {
            client.deleteWebhook(workspace, webhookId);
        } catch (IllumeraException.NotFound alreadyGone) {
            // removed in Illumera already
        }
    }

    /** The signing secrets in clear, by workspace, for a person setting up a second receiver; audited. */
    @PreAuthorize(Access.ORG_ADMIN)
    public Map<String, String> revealSecrets() {
        long organisationId = CurrentUser.organisationId();
        List<Registration> registrations = endpoints.registrations(organisationId);
        if (registrations.isEmpty()) {
            throw new InvalidInputException("webhook", "Register the webhook first.");
        }
        audit.record(new AuditEntry(organisationId, "illumera.webhook-secret-revealed", "webhook secrets",
                AuditEntry.Outcome.DONE, Map.of(), Map.of()));
        Map<String, String> shown = new java.util.LinkedHashMap<>();
        registrations.forEach(r -> shown.put(r.workspaceId(),
                secrets.open(organisationId, SecretBox.Purpose.WEBHOOK_SIGNING_SECRET, r.secretId())));
        return shown;
    }

    // ------------------------------------------------------------------ deliveries (anyone: token and signature)

    /** One delivery, verified and recorded; the body is the exact bytes received, as UTF-8. */
    Outcome receive(String token, String id, String timestamp, String signature, String body) {
        var endpoint = endpoints.byToken(token);
        List<Registration> registrations = endpoint.map(e -> endpoints.registrations(e.organisationId()))
                .orElse(List.of());
        if (registrations.isEmpty()) {
            return counted(Outcome.UNKNOWN_ADDRESS, null, null);
        }
        long organisationId = endpoint.get().organisationId();
        if (isBlank(id) || isBlank(timestamp) || isBlank(signature)) {
            return counted(Outcome.MISSING_HEADERS, organisationId, "Missing webhook-id, webhook-timestamp or"
                    + " webhook-signature header");
        }
        try {
            new StandardWebhooks(clock).verify(secretsOf(registrations), id, timestamp, signature, body);
        } catch (WebhookRejected e) {
            return counted(Outcome.UNVERIFIED, organisationId, e.getMessage());
        }
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (RuntimeException e) {
            return counted(Outcome.MALFORMED, organisationId, "The body is not JSON");
        }
        if (!event.isObject() || !event.path("type").isString() || !event.path("data").isObject()) {
            return counted(Outcome.MALFORMED, organisationId, "The body has no type or data");
        }
        String type = abbreviate(event.get("type").asString(), 40);
        String resource = event.get("data").path("id").isString() ? abbreviate(event.get("data").get("id").asString(), 64)
                : null;
        if (connections.find(organisationId).filter(IllumeraConnections.Stored::active).isEmpty()) {
            // Disconnected (or its key expired): nothing to sync. A non-2xx answer makes Illumera retry and,
            // after five days of failures, disable the webhook by itself; a reconnect registers again.
            meters.counter("illumera.webhooks.received", "outcome", "disconnected").increment();
            return Outcome.DISCONNECTED;
        }
        if (!endpoints.firstTime(organisationId, abbreviate(id, 255), type, resource, clock.instant())) {
            meters.counter("illumera.webhooks.received", "outcome", "duplicate").increment();
            return Outcome.DUPLICATE;
        }
        meters.counter("illumera.webhooks.received", "outcome", "accepted").increment();
        events.publishEvent(new WebhookArrived(organisationId));
        return Outcome.ACCEPTED;
    }

    /** A body over the limit for this address (counted like any other rejection). */
    Outcome tooLarge(String token) {
        return counted(Outcome.TOO_LARGE, endpoints.byToken(token).map(Endpoint::organisationId).orElse(null),
                "The body is larger than 1 MiB");
    }

    private Outcome counted(Outcome outcome, Long organisationId, String reason) {
        log.info("Webhook delivery refused ({}) for organisation {}: {}", outcome, organisationId, reason);
        meters.counter("illumera.webhooks.rejected", "reason", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .increment();
        if (organisationId != null) {
            endpoints.rejected(organisationId, reason, clock.instant());
        }
        return outcome;
    }

    /** Every registration's secret, and a previous one still within its overlap. */
    private List<WebhookSecret> secretsOf(List<Registration> registrations) {
        List<WebhookSecret> accepted = new ArrayList<>();
        for (Registration r : registrations) {
            accepted.add(WebhookSecret.parse(secrets.open(r.organisationId(), SecretBox.Purpose.WEBHOOK_SIGNING_SECRET,
                    r.secretId())));
            if (r.previousSecretId() != null && r.previousUntil() != null && clock.instant().isBefore(r.previousUntil())) {
                accepted.add(WebhookSecret.parse(secrets.open(r.organisationId(),
                        SecretBox.Purpose.WEBHOOK_SIGNING_SECRET, r.previousSecretId())));
            }
        }
        return accepted;
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The operator's public base URL; with the built-in sandbox as Illumera (a demo on one machine) this
     * node's own address, which the sandbox may deliver to. Null when Illumera could not reach Align.
     */
    private String baseUrl() {
        if (!publicBaseUrl.isEmpty()) {
            return publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        }
        String port = environment.getProperty("local.server.port");
        return clients.builtInSandbox() && port != null ? "http://127.0.0.1:" + port : null;
    }

    private IllumeraClient client(IllumeraConnections.Stored connection) {
        return clients.forOrganisation(connection.organisationId(), secrets.open(connection.organisationId(),
                SecretBox.Purpose.ILLUMERA_API_KEY, connection.secretId()));
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
