package dev.align.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Signs and verifies deliveries per Standard Webhooks: header {@code webhook-signature} holds one or
 * more space-separated {@code v1,<base64 HMAC-SHA256(secret, "id.timestamp.body")>}; a delivery is
 * accepted when any v1 signature matches one of the receiver's secrets (several during rotation) and
 * its timestamp is within the tolerance of the receiver's clock.
 */
public final class StandardWebhooks {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final Clock clock;

    public StandardWebhooks(Clock clock) {
        this.clock = clock;
    }

    /** The {@code v1,…} signature of one delivery. */
    public static String sign(WebhookSecret secret, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Accepts the delivery or throws {@link WebhookRejected} with the reason. The body must be the
     * exact bytes received, decoded as UTF-8, before any JSON parsing.
     */
    public void verify(List<WebhookSecret> secrets, String id, String timestamp, String signatureHeader,
                       String body) {
        if (isBlank(id) || isBlank(timestamp) || isBlank(signatureHeader)) {
            throw new WebhookRejected("Missing webhook-id, webhook-timestamp or webhook-signature header");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw new WebhookRejected("webhook-timestamp is not a number of seconds");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - seconds) > TOLERANCE.toSeconds()) {
            throw new WebhookRejected("webhook-timestamp is more than 5 minutes away from this server's clock");
        }
        for (WebhookSecret secret : secrets) {
            byte[] expected = sign(secret, id, seconds, body).getBytes(StandardCharsets.US_ASCII);
            for (String candidate : signatureHeader.strip().split(" +")) {
                if (candidate.startsWith("v1,")
                        && MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
                    return;
                }
            }
        }
        throw new WebhookRejected("No valid v1 signature for this body");
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
