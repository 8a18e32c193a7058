package dev.align.illumera.sync;

import dev.align.illumera.client.KeptReads;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Illumera's slowly changing reference data (a workspace, its statuses and members), kept on this node for
 * {@code illumera.sync.reference-ttl} between near-real-time runs (push and webhook). Without it each of those
 * small runs read all three again, about half its calls, and bursts ran into the rate limit. Scheduled,
 * manual, initial and drift runs always read afresh (and refresh what is kept), so a new member or status is
 * seen within a minute by the small runs and at the next scheduled run at the latest.
 */
@Component
class ReferenceData {

    private record Key(long organisationId, String workspaceId, String kind) {
    }

    private final KeptReads kept;

    ReferenceData(@Value("${illumera.sync.reference-ttl:PT1M}") Duration ttl) {
        kept = new KeptReads(ttl);
    }

    /** The kept value when {@code reuse} allows and it is young enough; otherwise read now and kept. */
    <T> T get(long organisationId, String workspaceId, String kind, boolean reuse, Supplier<T> read) {
        return kept.get(new Key(organisationId, workspaceId, kind), !reuse, read);
    }
}
