package dev.align.security;

import dev.align.organisation.Plan;
import dev.align.support.AlignIntegration;
import dev.align.support.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in form over real HTTP: wrong passwords are throttled per account with the same answers
 * whether or not the account exists, and every sign-in, failure and lockout is on record, without the
 * password.
 */
@AlignIntegration
class SignInTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" content=\"([^\"]+)\"");

    @LocalServerPort int port;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    @BeforeEach
    void freshCounts() {
        jdbc.sql("DELETE FROM login_throttle").update(); // every attempt here comes from 127.0.0.1
    }

    private String signIn(String email, String password) throws Exception {
        return signIn(email, password, Map.of());
    }

    /**
     * Posts the form as the browser does (session cookie and CSRF token of the login page), through a proxy
     * that adds {@code proxied} headers; the redirect's target.
     */
    private String signIn(String email, String password, Map<String, String> proxied) throws Exception {
        var http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        var get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"));
        proxied.forEach(get::header);
        var page = http.send(get.build(), HttpResponse.BodyHandlers.ofString());
        var token = CSRF.matcher(page.body());
        assertThat(token.find()).as("the login page carries a CSRF token").isTrue();
        String form = "username=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + token.group(1);
        var post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        proxied.forEach(post::header);
        var answer = http.send(post.build(), HttpResponse.BodyHandlers.discarding());
        assertThat(answer.statusCode()).isEqualTo(302);
        String location = answer.headers().firstValue("Location").orElseThrow();
        return location.substring(location.indexOf("/login") >= 0 ? location.indexOf("/login") : 0);
    }

    private List<String> actions(String account) {
        return jdbc.sql("SELECT action FROM audit_record WHERE actor_email = ? ORDER BY id").param(account)
                .query(String.class).list();
    }

    @Test
    void wrong_passwords_are_throttled_alike_for_real_and_unknown_accounts() throws Exception {
        String real = data.tenant(Plan.BUSINESS).member();
        String unknown = "nobody-" + UUID.randomUUID() + "@test.example";
        for (String account : List.of(real, unknown)) {
            for (int i = 1; i <= 5; i++) {
                assertThat(signIn(account, "wrong-" + i)).as(account + " attempt " + i).isEqualTo("/login?error");
            }
            assertThat(signIn(account, TestData.PASSWORD)).as("even the right password waits")
                    .isEqualTo("/login?locked=1");
            assertThat(actions(account)).containsExactly("sign-in.failed", "sign-in.failed", "sign-in.failed",
                    "sign-in.failed", "sign-in.failed", "sign-in.locked");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_record WHERE difference LIKE '%wrong-%'")
                .query(Integer.class).single()).as("no password on record").isZero();

        String password = "Tr0ub4dor&3-" + UUID.randomUUID();
        assertThat(signIn(password, "x")).as("a password typed into the name field").isEqualTo("/login?error");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_record WHERE actor_email LIKE ? OR difference LIKE ?")
                .params("%" + password + "%", "%" + password + "%").query(Integer.class).single())
                .as("what is not an e-mail address is not kept").isZero();
    }

    @Test
    void a_sign_in_is_recorded_in_the_persons_organisation_and_support_staff_are_recorded_too() throws Exception {
        var tenant = data.tenant(Plan.BUSINESS);
        assertThat(signIn(tenant.admin(), TestData.PASSWORD)).doesNotContain("error");
        assertThat(jdbc.sql("SELECT organisation_id FROM audit_record WHERE actor_email = ? AND action = 'sign-in'")
                .param(tenant.admin()).query(Long.class).single()).isEqualTo(tenant.id());

        String support = data.supportUser();
        assertThat(signIn(support, "not-it")).isEqualTo("/login?error");
        assertThat(signIn(support, TestData.PASSWORD)).doesNotContain("error");
        assertThat(actions(support)).containsExactly("sign-in.failed", "sign-in");
    }

    @Test
    void behind_the_trusted_proxy_the_client_address_and_https_are_the_proxys_word() throws Exception {
        String account = "proxied-" + UUID.randomUUID() + "@test.example";
        signIn(account, "wrong", Map.of("X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https"));

        assertThat(jdbc.sql("SELECT client_ip FROM audit_record WHERE actor_email = ?").param(account)
                .query(String.class).single()).isEqualTo("203.0.113.7");

        var http = HttpClient.newHttpClient();
        var https = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                .header("X-Forwarded-Proto", "https").build(), HttpResponse.BodyHandlers.discarding());
        assertThat(https.headers().firstValue("Strict-Transport-Security")).get().asString().contains("max-age=");
        assertThat(https.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .contains("JSESSIONID").contains("Secure").contains("HttpOnly").contains("SameSite=Lax"));
        var plain = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(plain.headers().firstValue("Strict-Transport-Security")).as("HSTS over https only").isEmpty();
        assertThat(plain.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("script-src 'self' 'unsafe-inline' 'unsafe-eval'").contains("frame-ancestors 'none'")
                .contains("object-src 'none'");
        assertThat(plain.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }
}
