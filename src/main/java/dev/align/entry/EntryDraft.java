package dev.align.entry;

import java.time.LocalDate;

/** What a person submits when creating or editing an entry. */
public record EntryDraft(Long projectId, Long releaseId, String title, EntryStatus status, Long assigneeId,
                         LocalDate dueDate, Integer trackedMinutes) {

    public static final int TITLE_MAX = 200;
    /** A year of continuous work; more is a typing error. */
    public static final int TRACKED_MINUTES_MAX = 525_600;
}
