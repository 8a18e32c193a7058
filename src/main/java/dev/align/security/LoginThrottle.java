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
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.text.Normalizer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Sign-in attempts per account and per client address, as Bucket4j token buckets shared by all nodes.
 * Each attempt takes a token (a success gives it back); when a bucket is empty the next attempt waits
 * for its refill, and the waits grow: 5 quick failures of one account cost a minute, 10 a quarter of an hour, 20 an hour (a
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

    /**
     * Takes one attempt from the address's allowance, then the account's, before any password is
     * checked (parallel guesses cannot all pass a check made before the first failure is counted).
     * Zero when the attempt may go ahead, else how long to wait. An address that must wait touches no
     * account's row.
     */
    Duration attempt(String account, String address) {
        var byAddress = addressBucket(address).tryConsumeAndReturnRemaining(1);
        if (!byAddress.isConsumed()) {
            return Duration.ofNanos(byAddress.getNanosToWaitForRefill());
        }
        var byAccount = accountBucket(account).tryConsumeAndReturnRemaining(1);
        return byAccount.isConsumed() ? Duration.ZERO : Duration.ofNanos(byAccount.getNanosToWaitForRefill());
    }

    /** How long the next attempt of this account or address must wait (after a failure: a lockout when not zero). */
    Duration wait(String account, String address) {
        return Duration.ofNanos(Math.max(wait(accountBucket(account)), wait(addressBucket(address))));
    }

    /**
     * A successful sign-in forgets the account's failures and gives the address its attempt back: a
     * busy office behind one address is not limited by its people signing in.
     */
    void succeeded(String account, String address) {
        buckets.removeProxy(accountKey(account));
        addressBucket(address).addTokens(1);
    }

    private static long wait(BucketProxy bucket) {
        var probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill();
    }

    private BucketProxy accountBucket(String account) {
        return buckets.getProxy(accountKey(account), () -> ACCOUNT);
    }

    private BucketProxy addressBucket(String address) {
        return buckets.getProxy("address:" + sha256(network(address == null ? "" : address)), () -> ADDRESS);
    }

    /** An IPv6 client is counted by its /64, the block one subscriber usually holds; IPv4 by its address. */
    static String network(String address) {
        if (address.contains(":")) { // an IPv6 literal: parsed without any name lookup
            try {
                byte[] bytes = InetAddress.getByName(address).getAddress();
                return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
            } catch (UnknownHostException e) {
                return address;
            }
        }
        return address;
    }

    /**
     * Accounts are kept as hashes of the name as the database compares it: trimmed as Spring Security
     * trims it, without case and accents (utf8mb4_unicode_520_ci), so no spelling of an account gets a
     * fresh allowance. The table holds no e-mail addresses.
     */
    static String accountKey(String account) {
        String name = account == null ? "" : account.trim().strip();
        String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return "account:" + sha256(plain.toLowerCase(Locale.ROOT));
    }

    private static String sha256(String text) {
        return dev.align.base.Sha256.hex(text);
    }
}
