package dev.align.illumera.secrets;

import dev.align.illumera.secrets.SecretBox.Purpose;
import dev.align.organisation.Plan;
import dev.align.support.AlignIntegration;
import dev.align.support.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@AlignIntegration
class SecretBoxTest {

    static final String KEY = "ilm_live_CanaryKeyMustNeverLeak000000000009f2c";

    @Autowired SecretBox secrets;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    long acme;
    long globex;

    @BeforeEach
    void setUp() {
        acme = data.tenant(Plan.BUSINESS).id();
        globex = data.tenant(Plan.BUSINESS).id();
    }

    private String ciphertext(long id) {
        return jdbc.sql("SELECT ciphertext FROM sealed_secret WHERE id = ?").param(id).query(String.class).single();
    }

    @Test
    void a_stored_secret_opens_for_its_organisation_and_is_not_stored_in_clear() {
        long id = secrets.store(acme, Purpose.ILLUMERA_API_KEY, KEY);

        assertThat(secrets.open(acme, Purpose.ILLUMERA_API_KEY, id)).isEqualTo(KEY);
        assertThat(ciphertext(id)).doesNotContain("Canary");
        assertThat(new String(Base64.getDecoder().decode(ciphertext(id)))).doesNotContain("Canary");
    }

    @Test
    void the_same_secret_sealed_twice_gives_different_ciphertexts() {
        long first = secrets.store(acme, Purpose.ILLUMERA_API_KEY, KEY);
        long second = secrets.store(acme, Purpose.ILLUMERA_API_KEY, KEY);

        assertThat(ciphertext(first)).isNotEqualTo(ciphertext(second));
    }

    @Test
    void a_ciphertext_copied_to_another_organisation_does_not_open_there() {
        long ours = secrets.store(acme, Purpose.ILLUMERA_API_KEY, KEY);
        long theirs = secrets.store(globex, Purpose.ILLUMERA_API_KEY, "ilm_live_theirs00000000000000000000000000");
        jdbc.sql("UPDATE sealed_secret SET ciphertext = ? WHERE id = ?").params(ciphertext(ours), theirs).update();

        assertThatThrownBy(() -> secrets.open(globex, Purpose.ILLUMERA_API_KEY, theirs)).isInstanceOf(SecretUnreadable.class)
                .hasMessageNotContaining("Canary");
        assertThatThrownBy(() -> secrets.open(globex, Purpose.ILLUMERA_API_KEY, ours)).isInstanceOf(EmptyResultDataAccessException.class);
    }

    @Test
    void a_secret_does_not_open_as_another_purpose() {
        long apiKey = secrets.store(acme, Purpose.ILLUMERA_API_KEY, KEY);
        long webhook = secrets.store(acme, Purpose.WEBHOOK_SIGNING_SECRET, "whsec_c2VjcmV0c2VjcmV0c2VjcmV0");
        jdbc.sql("UPDATE sealed_secret SET ciphertext = ? WHERE id = ?").params(ciphertext(apiKey), webhook).update();

        assertThatThrownBy(() -> secrets.open(acme, Purpose.WEBHOOK_SIGNING_SECRET, webhook))
                .isInstanceOf(SecretUnreadable.class);
        assertThatThrownBy(() -> secrets.open(acme, Purpose.WEBHOOK_SIGNING_SECRET, apiKey))
                .as("an API key is never handed out as another kind of secret")
                .isInstanceOf(EmptyResultDataAccessException.class);
    }

    @Test
    void a_flipped_byte_is_detected() {
        long id = secrets.store(acme, Purpose.ILLUMERA_API_KEY, KEY);
        byte[] bytes = Base64.getDecoder().decode(ciphertext(id));
        bytes[bytes.length - 3] ^= 0x01;
        jdbc.sql("UPDATE sealed_secret SET ciphertext = ? WHERE id = ?")
                .params(Base64.getEncoder().encodeToString(bytes), id).update();

        assertThatThrownBy(() -> secrets.open(acme, Purpose.ILLUMERA_API_KEY, id)).isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void after_a_rotation_re_encryption_moves_every_secret_to_the_new_key_and_is_idempotent() {
        long id = secrets.store(acme, Purpose.ILLUMERA_API_KEY, KEY);
        long oldKey = secrets.primaryKeyId();

        secrets.rotateKey();
        long newKey = secrets.primaryKeyId();
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(secrets.open(acme, Purpose.ILLUMERA_API_KEY, id)).as("old secrets still open").isEqualTo(KEY);

        assertThat(secrets.reencryptAll().moved()).isPositive();
        assertThat(secrets.reencryptAll().moved()).isZero();
        // Rows other tests tampered with on purpose stay unreadable; every other row moved.
        assertThat(data.count("SELECT COUNT(*) FROM sealed_secret WHERE key_id <> ? AND organisation_id IN (?, ?)",
                newKey, acme, globex)).isZero();
        assertThat(secrets.open(acme, Purpose.ILLUMERA_API_KEY, id)).isEqualTo(KEY);
    }

    @Test
    void keys_are_shown_only_masked() {
        assertThat(SecretBox.mask("ilm_live_abcdefghijklmnopqrstuvwxyz129f2c")).isEqualTo("ilm_live_…9f2c");
        assertThat(SecretBox.mask("whsec_c2VjcmV0c2VjcmV0")).isEqualTo("…cmV0");
        assertThat(SecretBox.mask("short")).isEqualTo("…");
    }

    @Test
    void forgotten_secrets_are_gone() {
        long id = secrets.store(acme, Purpose.ILLUMERA_API_KEY, KEY);

        secrets.forget(acme, id);

        assertThatThrownBy(() -> secrets.open(acme, Purpose.ILLUMERA_API_KEY, id)).isInstanceOf(EmptyResultDataAccessException.class);
    }
}
