package dev.align.illumera.sync;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** What the sync's stores share when they read and query rows. */
final class SqlRows {

    /** Ids per {@code IN (…)}: well under the database's limits, and a plan that stays on the index. */
    private static final int CHUNK = 500;

    private SqlRows() {
    }

    static <T, R> List<R> chunked(List<T> ids, Function<List<T>, List<R>> query) {
        List<R> all = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            all.addAll(query.apply(ids.subList(i, Math.min(ids.size(), i + CHUNK))));
        }
        return all;
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
