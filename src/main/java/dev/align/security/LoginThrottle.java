package dev.align.security;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import org.springframework.beans.factory.annotation.Autowired;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Failed sign-ins per account and per client address, as Bucket4j token buckets shared by all nodes.
 * Each failure takes a token; when a bucket is empty the next attempt waits for its refill, and the
 * waits grow: 5 quick failures of one account cost a minute, 10 a quarter of an hour, 20 an hour (a
 * temporary lockout). One address gets 20 a minute and 100 an hour across accounts. The same rules
 * apply to accounts that do not exist, so the answer never tells whether one does.
 */
@Component
class LoginThrottle {

    private static final BucketConfiguration ACCOUNT = BucketConfiguration.builder()
            .addLimit(limit -> limit.capacity(5).refillIntervally(5, Duration.ofMinutes(1)))
            .addLimit(limit -> limit.capacity(10).refillIntervally(10, Duration.ofMinutes(15)))
            .addLimit(limit -> limit.capacity(20).refillIntervally(20, Duration.ofHours(1)))
            .build();
    private static final BucketConfiguration ADDRESS = BucketConfiguration.builder()
            .addLimit(limit -> limit.capacity(20).refillIntervally(20, Duration.ofMinutes(1)))
            .addLimit(limit -> limit.capacity(100).refillIntervally(100, Duration.ofHours(1)))
            .build();

    private final MariaDbBuckets buckets;
    private final DataSource dataSource;

    @Autowired
    LoginThrottle(DataSource dataSource) {
        this(dataSource, TimeMeter.SYSTEM_MILLISECONDS);
    }

    /** With another clock (tests move time instead of waiting). */
    LoginThrottle(DataSource dataSource, TimeMeter clock) {
        this.buckets = new MariaDbBuckets(dataSource, ClientSideConfig.getDefault().withClientClock(clock));
        this.dataSource = dataSource;
    }

    /** A bucket untouched for two hours is full again (the longest refill is an hour): its row can go. */
    @Scheduled(cron = "${align.login-throttle.purge-cron:0 25 * * * *}")
    @SchedulerLock(name = "login-throttle-purge", lockAtMostFor = "PT10M")
    void forgetIdle() {
        var jdbc = JdbcClient.create(dataSource);
        while (jdbc.sql("DELETE FROM login_throttle WHERE updated_at < NOW(6) - INTERVAL 2 HOUR LIMIT 1000")
                .update() == 1000) {
            Thread.onSpinWait(); // batches keep each delete's locks short
        }
    }

    /** How long the account and the address must still wait before an attempt; zero when they may try now. */
    Duration wait(String account, String address) {
        long nanos = Math.max(wait(accountBucket(account)), wait(addressBucket(address)));
        return Duration.ofNanos(nanos);
    }

    /** Counts a failed attempt and says how long the next one must wait (zero: it may come at once). */
    Duration failed(String account, String address) {
        accountBucket(account).tryConsume(1);
        addressBucket(address).tryConsume(1);
        return wait(account, address);
    }

    /** A successful sign-in forgets the account's failures (the address keeps its count). */
    void succeeded(String account) {
        buckets.removeProxy(accountKey(account));
    }

    private static long wait(BucketProxy bucket) {
        var probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill();
    }

    private BucketProxy accountBucket(String account) {
        return buckets.getProxy(accountKey(account), () -> ACCOUNT);
    }

    private BucketProxy addressBucket(String address) {
        return buckets.getProxy("address:" + sha256(address == null ? "" : address), () -> ADDRESS);
    }

    /** Accounts are kept as hashes of the normalised name: the table holds no e-mail addresses. */
    static String accountKey(String account) {
        return "account:" + sha256(account == null ? "" : account.strip().toLowerCase(Locale.ROOT));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
