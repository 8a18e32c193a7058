package dev.align.webhooks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StandardWebhooksTest {

    // The published Standard Webhooks reference vector.
    static final WebhookSecret SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long TIMESTAMP = 1614265330;
    static final String BODY = "{\"test\": 2432232314}";
    static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    static StandardWebhooks at(long epochSecond) {
        return new StandardWebhooks(Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    @Test
    void the_reference_vector_reproduces_exactly() {
        assertThat(StandardWebhooks.sign(SECRET, ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
        assertThatCode(() -> at(TIMESTAMP).verify(List.of(SECRET), ID, "1614265330", SIGNATURE, BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void one_valid_signature_among_several_is_enough() {
        String header = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v2,ignored " + SIGNATURE;
        assertThatCode(() -> at(TIMESTAMP).verify(List.of(SECRET), ID, "1614265330", header, BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void during_rotation_either_secret_verifies() {
        WebhookSecret next = WebhookSecret.generate();
        String signedWithNext = StandardWebhooks.sign(next, ID, TIMESTAMP, BODY);
        assertThatCode(() -> at(TIMESTAMP).verify(List.of(SECRET, next), ID, "1614265330", signedWithNext, BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void a_tampered_body_is_rejected() {
        assertThatThrownBy(() -> at(TIMESTAMP).verify(List.of(SECRET), ID, "1614265330", SIGNATURE,
                "{\"test\": 2432232315}")).isInstanceOf(WebhookRejected.class).hasMessageContaining("signature");
    }

    @Test
    void a_wrong_secret_is_rejected() {
        assertThatThrownBy(() -> at(TIMESTAMP).verify(List.of(WebhookSecret.generate()), ID, "1614265330",
                SIGNATURE, BODY)).isInstanceOf(WebhookRejected.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {-299, 299, 0, -300, 300})
    void timestamps_within_five_minutes_are_accepted(long skew) {
        assertThatCode(() -> at(TIMESTAMP + skew).verify(List.of(SECRET), ID, "1614265330", SIGNATURE, BODY))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(longs = {-301, 301, 86_400})
    void timestamps_further_away_are_rejected(long skew) {
        assertThatThrownBy(() -> at(TIMESTAMP + skew).verify(List.of(SECRET), ID, "1614265330", SIGNATURE, BODY))
                .isInstanceOf(WebhookRejected.class).hasMessageContaining("5 minutes");
    }

    @Test
    void missing_headers_are_rejected() {
        var webhooks = at(TIMESTAMP);
        assertThatThrownBy(() -> webhooks.verify(List.of(SECRET), null, "1614265330", SIGNATURE, BODY))
                .isInstanceOf(WebhookRejected.class).hasMessageContaining("Missing");
        assertThatThrownBy(() -> webhooks.verify(List.of(SECRET), ID, "", SIGNATURE, BODY))
                .isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> webhooks.verify(List.of(SECRET), ID, "1614265330", " ", BODY))
                .isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> webhooks.verify(List.of(SECRET), ID, "soon", SIGNATURE, BODY))
                .isInstanceOf(WebhookRejected.class).hasMessageContaining("number");
    }

    @Test
    void an_id_containing_a_dot_is_signed_over_the_whole_id() {
        String id = "msg.with.dots";
        String signature = StandardWebhooks.sign(SECRET, id, TIMESTAMP, BODY);

        assertThatCode(() -> at(TIMESTAMP).verify(List.of(SECRET), id, "1614265330", signature, BODY))
                .doesNotThrowAnyException();
        // Moving the dot between id and timestamp must not produce the same signed text.
        assertThatThrownBy(() -> at(TIMESTAMP).verify(List.of(SECRET), "msg.with", "1614265330", signature, BODY))
                .isInstanceOf(WebhookRejected.class);
    }

    @Test
    void secrets_round_trip_and_never_print_themselves() {
        WebhookSecret secret = WebhookSecret.generate();
        assertThat(WebhookSecret.parse(secret.reveal())).isEqualTo(secret);
        assertThat(secret.reveal()).startsWith("whsec_");
        assertThat(secret.toString()).doesNotContain(secret.reveal().substring(6));
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_not base64!")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_c2hvcnQ=")).isInstanceOf(IllegalArgumentException.class);
    }
}
