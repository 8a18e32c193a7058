package dev.align.illumera;

import java.time.Instant;

/**
 * What the Illumera card shows of the connection: its state, a headline and what the person can do
 * next, and the connection's facts (the workspace — kept after a disconnect, so that reconnecting can
 * offer it —, the key's mask and expiry, whether settings were saved). Never the key itself.
 * {@code sandbox}: the base URL is the sandbox this node serves itself, whose demo key is public.
 */
public record AddOnCard(CardState state, String headline, String detail, String workspaceId, String workspaceName,
                        String keyMask, Instant keyExpiresAt, boolean configured, boolean sandbox) {

    static AddOnCard of(CardState state, String headline, String detail) {
        return new AddOnCard(state, headline, detail, null, null, null, null, false, false);
    }

    AddOnCard onSandbox(boolean builtInSandbox) {
        return new AddOnCard(state, headline, detail, workspaceId, workspaceName, keyMask, keyExpiresAt, configured,
                builtInSandbox);
    }

    public boolean connected() {
        return state == CardState.CONNECTED || state == CardState.KEY_EXPIRING || state == CardState.KEY_EXPIRED;
    }
}
