package dev.align.base.db;

import dev.align.support.AlignIntegration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.TaskScheduler;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Scheduled jobs do not wait behind each other: a long sync tick leaves the key check its turn. */
@AlignIntegration
class SchedulingTest {

    @Autowired TaskScheduler scheduler;

    @Test
    void a_job_runs_while_another_is_still_busy() throws Exception {
        var release = new CountDownLatch(1);
        var ranMeanwhile = new CountDownLatch(1);
        scheduler.schedule(() -> {
            try {
                release.await(10, TimeUnit.SECONDS); // a long sync
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, Instant.now());
        scheduler.schedule(ranMeanwhile::countDown, Instant.now().plusMillis(50)); // the key check

        try {
            assertThat(ranMeanwhile.await(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            release.countDown();
        }
    }
}
