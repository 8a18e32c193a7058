package dev.align.sandbox;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Millisecond timestamps that never repeat in this process, so that a change made while a client
 * pages through a feed always sorts after the page it is reading.
 */
@Component
class SandboxClock {

    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    SandboxClock(Clock clock) {
        this.clock = clock;
    }

    Instant next() {
        long now = clock.millis();
        return Instant.ofEpochMilli(last.updateAndGet(previous -> Math.max(previous + 1, now)));
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
