package dev.align.illumera.history;

/** What a person can do about a record the sync could not finish, by the reason the run recorded. */
final class ErrorAdvice {

    private ErrorAdvice() {
    }

    static String of(String reason) {
        String text = reason == null ? "" : reason;
        if (text.contains("meanwhile")) {
            return "Nothing: the record changed while the run wrote it, and the next run decides again.";
        }
        if (text.contains("gone from Illumera")) {
            return "Restore the task in Illumera (or give the key access to its workspace); until then the entry"
                    + " is not synced.";
        }
        if (text.startsWith("Illumera refused") || text.startsWith("Illumera answered 4")) {
            return "Illumera does not accept this value: check the field's mapping row and the value in Align,"
                    + " then retry the failed records.";
        }
        if (text.startsWith("Illumera answered 5") || text.contains("time")) {
            return "Illumera had a problem: retry the failed records, or wait for the next run.";
        }
        if (text.contains("release") || text.contains("workspace") || text.contains("project")) {
            return "The record's project or release is not linked on the other side: check the Project and Release"
                    + " rows, then retry the failed records.";
        }
        return "Correct the value on either side (Align refuses what breaks its rules), then retry the failed records.";
    }
}
