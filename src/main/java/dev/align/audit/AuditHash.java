package dev.align.audit;

import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * The chain's hash: SHA-256 over the previous record's hash and the record's content, written as a
 * JSON array so that no choice of text can make two different records read alike. Times count in
 * microseconds, as the database stores them.
 */
final class AuditHash {

    /** Stands before the first record of every chain. */
    static final String GENESIS = "0".repeat(64);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditHash() {
    }

    static String of(String previousHash, long chainKey, Instant occurredAt, Long actorUserId, String actorEmail,
                     String actorRole, boolean supportActing, String action, String target, String outcome,
                     String difference, String clientIp, String requestId) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, occurredAt);
        String canonical = JSON.writeValueAsString(Arrays.asList(previousHash, chainKey, micros, actorUserId,
                actorEmail, actorRole, supportActing, action, target, outcome, difference, clientIp, requestId));
        return dev.align.base.Sha256.hex(canonical);
    }

    static String of(AuditRecord record) {
        return of(record.previousHash(), chainKey(record.organisationId()), record.occurredAt(), record.actorUserId(),
                record.actorEmail(), record.actorRole(), record.supportActing(), record.action(), record.target(),
                record.outcome(), record.difference(), record.clientIp(), record.requestId());
    }

    /** Platform-level records (no organisation) form chain 0. */
    static long chainKey(Long organisationId) {
        return organisationId == null ? 0 : organisationId;
    }
}
