package dev.align.illumera;

import dev.align.audit.AuditEntry;
import dev.align.audit.AuditTrail;
import dev.align.illumera.connection.IllumeraConnections;
import dev.align.notification.Notifications;
import dev.align.security.Access;
import dev.align.security.CurrentUser;
import net.javacrumbs.shedlock.core.LockAssert;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The keys of all connections, checked on one node at a time: 14 days before expiry Owners and
 * Admins are told once; at expiry the connection pauses ("Key expired"), they are told, and the
 * audit trail records it. A new key (connect again) ends the pause.
 */
@Component
public class KeyExpiryCheck {

    static final Duration WARNING = Duration.ofDays(14);

    private record Keyed(long organisationId, String workspaceName, String keyMask, Instant expiresAt) {
    }

    private final IllumeraConnections connections;
    private final Notifications notifications;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    KeyExpiryCheck(IllumeraConnections connections, Notifications notifications, AuditTrail audit, TransactionTemplate transactions,
                   Clock clock) {
        this.connections = connections;
        this.notifications = notifications;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Scheduled(cron = "${illumera.key-check.cron:0 15 * * * *}")
    @SchedulerLock(name = "illumera-key-expiry-check", lockAtMostFor = "PT10M")
    public void checkAll() {
        LockAssert.assertLocked();
        Instant now = clock.instant();
        List<Keyed> connections = this.connections.expiringBy(now.plus(WARNING)).stream()
                .map(c -> new Keyed(c.organisationId(), c.workspaceName(), c.keyMask(), c.keyExpiresAt())).toList();
        for (Keyed keyed : connections) {
            if (now.isBefore(keyed.expiresAt())) {
                warnIfExpiring(keyed.organisationId(), keyed.keyMask(), keyed.expiresAt());
            } else {
                transactions.executeWithoutResult(tx -> pause(keyed, "expired"));
            }
        }
    }

    /** Tells Owners and Admins, once per key, when it expires within {@link #WARNING}. */
    void warnIfExpiring(long organisationId, String keyMask, Instant expiresAt) {
        if (expiresAt != null && Duration.between(clock.instant(), expiresAt).compareTo(WARNING) <= 0) {
            notifications.notifyOnce(organisationId, "illumera.key-expiring:" + expiresAt, "Illumera key expires soon",
                    "Illumera key " + keyMask + " expires on " + expiresAt.toString().substring(0, 10)
                            + ": create a new key in Illumera and enter it in Settings → Add-ons.");
        }
    }

    /**
     * Illumera refused the key during a sync (401 expired or revoked): pause now, as at expiry, so
     * that no further call is made for this organisation until a new key is saved.
     */
    @PreAuthorize(Access.SYNC)
    public void keyRejected(long organisationId, boolean expired) {
        if (organisationId != CurrentUser.organisationId()) {
            throw new AccessDeniedException("The sync pauses only the organisation it acts for");
        }
        connections.find(organisationId).filter(c -> "CONNECTED".equals(c.state()))
                .map(c -> new Keyed(c.organisationId(), c.workspaceName(), c.keyMask(),
                        c.keyExpiresAt() == null ? clock.instant() : c.keyExpiresAt()))
                .ifPresent(keyed -> transactions.executeWithoutResult(tx -> pause(keyed, expired ? "expired" : "was refused")));
    }

    private void pause(Keyed keyed, String why) {
        if (connections.keyExpired(keyed.organisationId())) {
            notifications.notifyOnce(keyed.organisationId(), "illumera.key-expired:" + keyed.expiresAt(),
                    "Illumera key " + why + ": sync paused",
                    "Illumera key " + keyed.keyMask() + " " + why + " — sync with " + keyed.workspaceName()
                            + " is paused. Create a new key in Illumera and connect again in Settings → Add-ons.");
            audit.record(new AuditEntry(keyed.organisationId(), "illumera.key-expired", keyed.keyMask(),
                    AuditEntry.Outcome.DONE, Map.of("state", "CONNECTED"), Map.of("state", "KEY_EXPIRED")));
        }
    }
}
