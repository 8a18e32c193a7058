package dev.align.security;

import dev.align.support.AlignIntegration;
import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The throttle's rules on the real table, with a clock the test moves instead of waiting. */
@AlignIntegration
class LoginThrottleTest {

    @Autowired DataSource dataSource;

    private final AtomicLong nanos = new AtomicLong(System.currentTimeMillis() * 1_000_000);
    private final TimeMeter clock = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    };

    private void pass(Duration time) {
        nanos.addAndGet(time.toNanos());
    }

    private static String account() {
        return "someone-" + UUID.randomUUID() + "@test.example";
    }

    private static String address() {
        return "198.51.100." + (int) (Math.random() * 250) + "-" + UUID.randomUUID();
    }

    @Test
    void waits_grow_with_the_attempts_of_one_account_up_to_a_temporary_lockout() {
        var throttle = new LoginThrottle(dataSource, clock);
        String account = account();
        for (int i = 1; i <= 5; i++) {
            assertThat(throttle.attempt(account, address())).as("attempt " + i).isZero();
        }
        Duration first = throttle.wait(account, address());
        assertThat(first).as("after five, up to a minute").isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(throttle.attempt(account, address())).as("the sixth is turned back").isEqualTo(first);
        assertThat(throttle.attempt(" " + account.toUpperCase() + "\u0001", address()))
                .as("any spelling of the account: case, spaces, control characters").isEqualTo(first);

        pass(Duration.ofMinutes(1));
        for (int i = 6; i <= 10; i++) {
            assertThat(throttle.attempt(account, address())).as("attempt " + i).isZero();
        }
        Duration second = throttle.wait(account, address());
        assertThat(second).as("ten within a quarter of an hour cost more").isGreaterThan(Duration.ofMinutes(1))
                .isLessThanOrEqualTo(Duration.ofMinutes(15));

        for (int round = 0; round < 2; round++) {
            pass(Duration.ofMinutes(15));
            for (int i = 0; i < 5; i++) {
                throttle.attempt(account, address());
            }
        }
        Duration lockout = throttle.wait(account, address());
        assertThat(lockout).as("twenty within the hour: locked out until the hour is over")
                .isGreaterThan(Duration.ofMinutes(15)).isLessThanOrEqualTo(Duration.ofHours(1));
        pass(lockout);
        assertThat(throttle.attempt(account, address())).isZero();
    }

    @Test
    void accents_do_not_make_another_account_as_the_database_compares_names() {
        assertThat(LoginThrottle.accountKey("vìctor@example.test")).isEqualTo(LoginThrottle.accountKey("Victor@Example.test"));
        assertThat(LoginThrottle.accountKey("victor@example.test")).isNotEqualTo(LoginThrottle.accountKey("viktor@example.test"));
    }

    @Test
    void one_address_trying_many_accounts_is_stopped_too_and_ipv6_counts_by_its_64() {
        var throttle = new LoginThrottle(dataSource, clock);
        String address = "2001:db8:" + Integer.toHexString((int) (Math.random() * 0xffff)) + ":1::1";
        for (int i = 1; i <= 20; i++) {
            String sameBlock = address.replace("::1", "::" + Integer.toHexString(i + 1));
            assertThat(throttle.attempt(account(), sameBlock)).as("attempt " + i).isZero();
        }
        assertThat(throttle.attempt(account(), address)).as("any account from that /64 waits")
                .isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(throttle.attempt(account(), address())).as("other addresses do not").isZero();
    }

    @Test
    void a_successful_sign_in_forgets_the_accounts_attempts_and_gives_the_address_its_attempt_back() {
        var throttle = new LoginThrottle(dataSource, clock);
        String account = account();
        String address = address();
        for (int i = 0; i < 5; i++) {
            throttle.attempt(account, address);
        }
        throttle.succeeded(account, address);

        for (int i = 0; i < 5; i++) {
            assertThat(throttle.attempt(account, address)).isZero();
        }
        for (int i = 0; i < 15; i++) {
            throttle.succeeded(account(), address); // 15 more people of that office sign in
        }
        for (int i = 0; i < 15; i++) {
            assertThat(throttle.attempt(account(), address)).as("the office's allowance is intact").isZero();
        }
    }

    @Test
    void rows_idle_for_two_hours_are_forgotten_and_others_kept() {
        var throttle = new LoginThrottle(dataSource, clock);
        String idle = account();
        String busy = account();
        throttle.attempt(idle, address());
        throttle.attempt(busy, address());
        var jdbc = org.springframework.jdbc.core.simple.JdbcClient.create(dataSource);
        jdbc.sql("UPDATE login_throttle SET updated_at = NOW(6) - INTERVAL 3 HOUR").update();
        throttle.attempt(busy, address());

        throttle.forgetIdle();

        String row = "SELECT COUNT(*) FROM login_throttle WHERE bucket_key = ?";
        assertThat(jdbc.sql(row).param(LoginThrottle.accountKey(idle)).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql(row).param(LoginThrottle.accountKey(busy)).query(Integer.class).single()).isOne();
    }

    @Test
    void two_nodes_share_the_count() {
        var one = new LoginThrottle(dataSource, clock);
        var other = new LoginThrottle(dataSource, clock);
        String account = account();
        for (int i = 0; i < 5; i++) {
            assertThat((i % 2 == 0 ? one : other).attempt(account, address())).isZero();
        }
        assertThat(other.attempt(account, address())).isPositive();
        assertThat(one.attempt(account, address())).isPositive();
    }
}
