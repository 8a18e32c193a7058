package dev.align.webhooks;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/** A {@code whsec_<base64>} signing secret. Its text never appears in {@link #toString()}. */
public final class WebhookSecret {

    private static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        this.key = key;
    }

    /** Parses {@code whsec_…}; the prefix is optional, as in the reference libraries. */
    public static WebhookSecret parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("A webhook secret is required");
        }
        String base64 = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("A webhook secret must be whsec_ followed by base64", e);
        }
        if (key.length < 16) {
            throw new IllegalArgumentException("A webhook secret must hold at least 16 bytes");
        }
        return new WebhookSecret(key);
    }

    /** A new secret of 32 random bytes. */
    public static WebhookSecret generate() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new WebhookSecret(key);
    }

    /** The secret's text, to show once or to store encrypted. */
    public String reveal() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookSecret secret && Arrays.equals(secret.key, key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "WebhookSecret[whsec_…]";
    }
}
