package dev.align.illumera.sync;

import dev.align.illumera.client.IllumeraException;
import dev.align.illumera.sync.RunLog.Item;
import dev.align.illumera.sync.SyncStore.RecordType;
import dev.align.illumera.sync.core.FieldDecision.Write;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a run words and records what happened: field changes, failures of one record or of the whole run. */
final class SyncRecords {

    private SyncRecords() {
    }

    static Map<String, Object> changes(List<Write> writes) {
        Map<String, Object> changes = new LinkedHashMap<>();
        // [before, after], and what decided a field both sides had changed (the history shows it).
        writes.forEach(w -> changes.put(w.field(), w.decidedBy() == null ? java.util.Arrays.asList(w.before(), w.after())
                : java.util.Arrays.asList(w.before(), w.after(), decidedBy(w))));
        return changes;
    }

    /** A policy's name, or the first-link choice's (FIRST_LINK_ALIGN / FIRST_LINK_ILLUMERA). */
    private static String decidedBy(Write write) {
        if (!write.firstLink()) {
            return write.decidedBy().name();
        }
        return SyncRun.FIRST_LINK_DECISION + (write.decidedBy() == dev.align.illumera.sync.core.FieldDecision.Policy.ALIGN_WINS
                ? "ALIGN" : "ILLUMERA");
    }

    /** Failures of the whole run stop it (the next run continues); anything else is one record's. */
    static boolean runWide(RuntimeException e) {
        return e instanceof SyncEngine.Stopped || e instanceof IllumeraException.KeyExpired
                || e instanceof IllumeraException.InvalidKey || e instanceof IllumeraException.Unavailable
                || e instanceof IllumeraException.RateLimited;
    }

    static void failedRecord(SyncContext run, RuntimeException e, Long alignId, String illumeraId, String direction) {
        if (runWide(e)) {
            throw e;
        }
        run.record(new Item(RecordType.ENTRY, alignId, illumeraId, direction, "ERROR", null, describe(e)));
    }

    static String describe(RuntimeException e) {
        if (e instanceof dev.align.base.InvalidInputException invalid) {
            return invalid.getMessage();
        }
        if (e instanceof IllumeraException illumera) {
            return "Illumera answered " + illumera.status() + ": " + illumera.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static String abbreviate(String text) {
        return text.codePointCount(0, text.length()) <= 60 ? text
                : text.substring(0, text.offsetByCodePoints(0, 59)) + "…";
    }
}
