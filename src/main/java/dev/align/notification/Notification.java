package dev.align.notification;

import java.time.Instant;

public record Notification(long id, String message, Instant createdAt) {
}
