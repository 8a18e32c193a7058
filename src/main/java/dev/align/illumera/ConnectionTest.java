package dev.align.illumera;

import java.time.Instant;

/**
 * The answer of "Test connection": the workspace and the key's expiry when Illumera accepted the
 * key, or the reason it did not, in words a person can act on.
 */
public record ConnectionTest(Failure failure, String message, String workspaceId, String workspaceName,
                             Instant keyExpiresAt) {

    public enum Failure {
        WRONG_KEY,
        KEY_EXPIRED,
        NO_ACCESS_TO_WORKSPACE,
        UNKNOWN_WORKSPACE,
        UNREACHABLE,
        NONSENSE
    }

    public boolean passed() {
        return failure == null;
    }

    static ConnectionTest failed(Failure failure, String message) {
        return new ConnectionTest(failure, message, null, null, null);
    }
}
