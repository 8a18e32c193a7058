package dev.align.notification;

import java.time.Instant;

public record Notification(long id, String title, String message, Instant createdAt) {
}
