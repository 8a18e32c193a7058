package dev.align.sandbox;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The contract's resources as the sandbox writes them. */
final class Records {

    private Records() {
    }

    record KeyInfo(String keyId, List<String> workspaceIds, Instant createdAt, Instant expiresAt) {
    }

    record Workspace(String id, String name, boolean archived, String externalRef, Instant createdAt,
                     Instant updatedAt, int version) {
    }

    record Status(String key, String name, String category) {
    }

    record Field(String key, String name, String type, List<String> options) {
    }

    record Member(String id, String email, String name) {
    }

    record Task(String id, String workspaceId, String name, String status, String assigneeId, String sprintId,
                LocalDate dueDate, Map<String, Object> customFields, String externalRef, boolean deleted,
                Instant createdAt, Instant updatedAt, int version) {
    }

    record Sprint(String id, String workspaceId, String name, LocalDate startDate, LocalDate endDate, String state,
                  String externalRef, Instant createdAt, Instant updatedAt, int version) {
    }

    record ImportRule(String id, String source, boolean enabled) {
    }

    record Page<T>(List<T> items, String nextCursor) {
    }

    record Items<T>(List<T> items) {
    }
}
