package dev.align.sandbox;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * updatedAt for every sandbox write. It is taken under the lock of the single sbx_clock row, which
 * the write's transaction holds until it commits: writes of all nodes get strictly increasing
 * times in commit order, so a change never lands behind a feed reader's high-water mark.
 */
@Component
class SandboxClock {

    private final Clock clock;
    private final JdbcClient jdbc;

    SandboxClock(Clock clock, JdbcClient jdbc) {
        this.clock = clock;
        this.jdbc = jdbc;
    }

    /** The next write time; must run inside the write's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    Instant next() {
        return reserve(1);
    }

    /** {@code count} consecutive milliseconds for one write of many records; returns the first. */
    @Transactional(propagation = Propagation.MANDATORY)
    Instant reserve(int count) {
        Instant last = jdbc.sql("SELECT last_at FROM sbx_clock WHERE id = 1 FOR UPDATE")
                .query(Timestamp.class).single().toInstant();
        Instant now = now();
        Instant first = now.isAfter(last) ? now : last.plusMillis(1);
        jdbc.sql("UPDATE sbx_clock SET last_at = ? WHERE id = 1")
                .param(Timestamp.from(first.plusMillis(count - 1L))).update();
        return first;
    }

    /** Wall-clock time (key expiry, idempotency windows, logs): no ordering promise. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
