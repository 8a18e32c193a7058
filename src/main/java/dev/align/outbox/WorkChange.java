package dev.align.outbox;

import java.util.Set;

/**
 * One domain event of the work modules: what changed (record and field names, never values, so the
 * outbox holds no personal data), whether the status changed, and who made the change.
 */
public record WorkChange(long organisationId, ChangeType type, long recordId, Set<String> changedFields,
                         boolean statusChanged, ChangeOrigin origin, Long actorUserId) {

    public WorkChange {
        changedFields = Set.copyOf(changedFields);
    }
}
