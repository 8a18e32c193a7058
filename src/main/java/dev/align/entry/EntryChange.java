package dev.align.entry;

import dev.align.outbox.ChangeOrigin;

import java.time.Instant;

/**
 * One field of an entry changed, by a person ({@code actorName}) or by the sync: the values by name,
 * and {@code restorable} when the value it set can be written back now.
 */
public record EntryChange(long id, long entryId, String field, String label, String before, String after,
                          ChangeOrigin origin, String actorName, Instant occurredAt) {
}
