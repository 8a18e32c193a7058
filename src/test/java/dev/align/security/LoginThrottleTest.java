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
    void waits_grow_with_the_failures_of_one_account_up_to_a_temporary_lockout() {
        var throttle = new LoginThrottle(dataSource, clock);
        String account = account();
        for (int i = 1; i <= 4; i++) {
            assertThat(throttle.failed(account, address())).as("failure " + i).isZero();
        }
        Duration first = throttle.failed(account, address());
        assertThat(first).as("the fifth failure costs up to a minute").isPositive()
                .isLessThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(throttle.wait(account.toUpperCase(), address())).as("the account's name in any case")
                .isEqualTo(first);

        pass(Duration.ofMinutes(1));
        for (int i = 6; i <= 9; i++) {
            assertThat(throttle.failed(account, address())).as("failure " + i).isZero();
        }
        Duration second = throttle.failed(account, address());
        assertThat(second).as("the tenth within a quarter of an hour costs more").isGreaterThan(Duration.ofMinutes(1))
                .isLessThanOrEqualTo(Duration.ofMinutes(15));

        for (int round = 0; round < 2; round++) {
            pass(Duration.ofMinutes(15));
            for (int i = 0; i < 5; i++) {
                throttle.failed(account, address());
            }
        }
        Duration lockout = throttle.wait(account, address());
        assertThat(lockout).as("twenty within the hour: locked out until the hour is over")
                .isGreaterThan(Duration.ofMinutes(15)).isLessThanOrEqualTo(Duration.ofHours(1));
        pass(lockout);
        assertThat(throttle.wait(account, address())).isZero();
    }

    @Test
    void one_address_trying_many_accounts_is_stopped_too() {
        var throttle = new LoginThrottle(dataSource, clock);
        String address = address();
        for (int i = 1; i <= 19; i++) {
            assertThat(throttle.failed(account(), address)).as("failure " + i).isZero();
        }
        assertThat(throttle.failed(account(), address)).isPositive();
        assertThat(throttle.wait(account(), address)).as("any account from that address waits")
                .isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(throttle.wait(account(), address())).as("other addresses do not").isZero();
    }

    @Test
    void a_successful_sign_in_forgets_the_accounts_failures() {
        var throttle = new LoginThrottle(dataSource, clock);
        String account = account();
        for (int i = 0; i < 4; i++) {
            throttle.failed(account, address());
        }
        throttle.succeeded(account);

        for (int i = 0; i < 4; i++) {
            assertThat(throttle.failed(account, address())).isZero();
        }
    }

    @Test
    void rows_idle_for_two_hours_are_forgotten_and_others_kept() {
        var throttle = new LoginThrottle(dataSource, clock);
        String idle = account();
        String busy = account();
        throttle.failed(idle, address());
        throttle.failed(busy, address());
        var jdbc = org.springframework.jdbc.core.simple.JdbcClient.create(dataSource);
        jdbc.sql("UPDATE login_throttle SET updated_at = NOW(6) - INTERVAL 3 HOUR").update();
        throttle.failed(busy, address());

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
        for (int i = 0; i < 4; i++) {
            (i % 2 == 0 ? one : other).failed(account, address());
        }
        assertThat(other.failed(account, address())).isPositive();
        assertThat(one.wait(account, address())).isPositive();
    }
}
