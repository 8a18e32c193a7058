package dev.align.illumera.secrets;

import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;

/**
 * Stores and opens secrets sealed with authenticated encryption. Each secret is bound to its
 * organisation and purpose (associated data): a ciphertext copied to another organisation's row,
 * or altered by one byte, does not open. Secrets never appear in logs or exceptions.
 */
@Service
public class SecretBox {

    /** What a secret is for; part of the associated data, so an API key never opens as a webhook secret. */
    public enum Purpose {
        ILLUMERA_API_KEY,
        WEBHOOK_SIGNING_SECRET
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SecretBox.class);

    private final SecretsKeyset keys;
    private final JdbcClient jdbc;

    SecretBox(SecretsKeyset keys, JdbcClient jdbc) {
        this.keys = keys;
        this.jdbc = jdbc;
    }

    /** Seals and stores a secret; returns its id. */
    @Transactional
    public long store(long organisationId, Purpose purpose, String secret) {
        var holder = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO sealed_secret (organisation_id, purpose, key_id, ciphertext) VALUES (?, ?, ?, ?)")
                .params(organisationId, purpose.name(), keys.primaryKeyId(), seal(organisationId, purpose, secret))
                .update(holder);
        return holder.getKey().longValue();
    }

    /**
     * Opens a stored secret of this organisation and purpose; another organisation's secret, or one
     * of another purpose, is not found.
     */
    @Transactional(readOnly = true)
    public String open(long organisationId, Purpose purpose, long secretId) {
        String ciphertext = jdbc.sql("SELECT ciphertext FROM sealed_secret WHERE id = ? AND organisation_id = ? AND purpose = ?")
                .params(secretId, organisationId, purpose.name())
                .query(String.class)
                .optional()
                .orElseThrow(() -> new EmptyResultDataAccessException("No such secret " + secretId + " here", 1));
        return unseal(organisationId, purpose, ciphertext);
    }

    /** Forgets a secret for good (disconnecting forgets the API key). */
    @Transactional
    public void forget(long organisationId, long secretId) {
        jdbc.sql("DELETE FROM sealed_secret WHERE id = ? AND organisation_id = ?").params(secretId, organisationId)
                .update();
    }

    /** What a re-encryption did: secrets moved to the primary key, and secrets that do not open. */
    public record Reencryption(int moved, int unreadable) {
    }

    /**
     * Re-seals every secret that is not under the primary key. Idempotent: a second run finds
     * nothing to do. A secret that does not open (tampered) is counted and left as it is, so one bad
     * row never blocks the rotation of all the others.
     */
    @Transactional
    public Reencryption reencryptAll() {
        long primary = keys.primaryKeyId();
        List<Object[]> stale = jdbc.sql("""
                        SELECT id, organisation_id, purpose, ciphertext FROM sealed_secret
                        WHERE key_id <> ? FOR UPDATE""")
                .param(primary)
                .query((rs, n) -> new Object[] {rs.getLong("id"), rs.getLong("organisation_id"), rs.getString("purpose"),
                        rs.getString("ciphertext")})
                .list();
        int moved = 0;
        int unreadable = 0;
        for (Object[] row : stale) {
            long organisationId = (Long) row[1];
            Purpose purpose = Purpose.valueOf((String) row[2]);
            String plaintext;
            try {
                plaintext = unseal(organisationId, purpose, (String) row[3]);
            } catch (SecretUnreadable e) {
                log.warn("Secret {} of organisation {} does not open and keeps its old key", row[0], organisationId);
                unreadable++;
                continue;
            }
            jdbc.sql("UPDATE sealed_secret SET key_id = ?, ciphertext = ?, updated_at = CURRENT_TIMESTAMP(6) WHERE id = ?")
                    .params(primary, seal(organisationId, purpose, plaintext), row[0]).update();
            moved++;
        }
        return new Reencryption(moved, unreadable);
    }

    /** Adds a new primary key to a file-based keyset (run {@link #reencryptAll()} afterwards). */
    public void rotateKey() {
        keys.rotate();
    }

    /** How an API key may be shown: its kind and last four characters, e.g. {@code ilm_live_…9f2c}. */
    public static String mask(String secret) {
        if (secret == null || secret.length() < 8) {
            return "…";
        }
        int prefix = secret.startsWith("ilm_live_") || secret.startsWith("ilm_test_") ? 9 : 0;
        return secret.substring(0, prefix) + "…" + secret.substring(secret.length() - 4);
    }

    long primaryKeyId() {
        return keys.primaryKeyId();
    }

    private String seal(long organisationId, Purpose purpose, String secret) {
        try {
            return Base64.getEncoder().encodeToString(keys.aead().encrypt(secret.getBytes(StandardCharsets.UTF_8),
                    associatedData(organisationId, purpose)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Sealing a secret failed", e);
        }
    }

    private String unseal(long organisationId, Purpose purpose, String ciphertext) {
        try {
            return new String(keys.aead().decrypt(Base64.getDecoder().decode(ciphertext),
                    associatedData(organisationId, purpose)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SecretUnreadable("A stored " + purpose + " of organisation " + organisationId
                    + " does not open (altered, moved, or sealed with a key that is gone)", null);
        }
    }

    private static byte[] associatedData(long organisationId, Purpose purpose) {
        byte[] name = purpose.name().getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(Long.BYTES + name.length).putLong(organisationId).put(name).array();
    }
}
