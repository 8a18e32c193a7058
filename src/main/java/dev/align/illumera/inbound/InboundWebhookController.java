package dev.align.illumera.inbound;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Where Illumera posts its webhooks, outside Vaadin (its own security chain: no session, no CSRF). The
 * body is read as bytes up to 1 MiB, before anything is parsed; answers are quick (the run they start
 * happens afterwards) and say nothing about other organisations.
 */
@RestController
class InboundWebhookController {

    static final int MAX_BODY = 1024 * 1024;

    private final InboundWebhooks webhooks;

    InboundWebhookController(InboundWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @PostMapping(InboundWebhooks.PATH + "{token}")
    ResponseEntity<Map<String, String>> receive(@PathVariable String token,
                                                @RequestHeader(value = "webhook-id", required = false) String id,
                                                @RequestHeader(value = "webhook-timestamp", required = false) String timestamp,
                                                @RequestHeader(value = "webhook-signature", required = false) String signature,
                                                HttpServletRequest request) throws IOException {
        byte[] body;
        if (request.getContentLengthLong() > MAX_BODY) {
            return answer(webhooks.tooLarge(token));
        }
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            return answer(webhooks.tooLarge(token));
        }
        return answer(webhooks.receive(token, id, timestamp, signature, new String(body, StandardCharsets.UTF_8)));
    }

    private static ResponseEntity<Map<String, String>> answer(InboundWebhooks.Outcome outcome) {
        return switch (outcome) {
            case ACCEPTED -> ResponseEntity.noContent().build();
            case DUPLICATE -> ResponseEntity.ok(Map.of("status", "already handled"));
            case UNKNOWN_ADDRESS -> ResponseEntity.status(404).body(Map.of("error", "No webhook is registered here."));
            case MISSING_HEADERS -> ResponseEntity.badRequest().body(Map.of("error",
                    "webhook-id, webhook-timestamp and webhook-signature are required."));
            case UNVERIFIED -> ResponseEntity.status(401).body(Map.of("error",
                    "The signature or timestamp does not verify."));
            case MALFORMED -> ResponseEntity.badRequest().body(Map.of("error",
                    "The body must be a JSON event with a type and data."));
            case TOO_LARGE -> ResponseEntity.status(413).body(Map.of("error", "The body is larger than 1 MiB."));
            case DISCONNECTED -> ResponseEntity.status(410).body(Map.of("error",
                    "This Align organisation is not connected to Illumera now."));
        };
    }
}
