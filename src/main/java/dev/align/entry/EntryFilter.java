package dev.align.entry;

/** Filters of the entry list; null means "any". */
public record EntryFilter(String titleContains, EntryStatus status, Long projectId, Long assigneeId) {

    public static EntryFilter none() {
        return new EntryFilter(null, null, null, null);
    }
}
