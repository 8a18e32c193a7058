package dev.align.bench.uiload;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the benchmark and the simulation meet (one JVM): sessions that finished browsing wait on the
 * Add-ons card until the heap has been measured with all of them alive.
 */
final class Hold {

    static final AtomicInteger ARRIVED = new AtomicInteger();
    static volatile CountDownLatch release = new CountDownLatch(1);

    private Hold() {
    }

    static void reset() {
        ARRIVED.set(0);
        release = new CountDownLatch(1);
    }

    static boolean released() {
        return release.getCount() == 0;
    }
}
