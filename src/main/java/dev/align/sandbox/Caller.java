package dev.align.sandbox;

import java.util.Set;

/** The API key a request came with, and the workspaces that key can see. */
record Caller(String keyId, Set<String> workspaceIds) {

    static final String ATTRIBUTE = "dev.align.sandbox.Caller";

    boolean sees(String workspaceId) {
        return workspaceIds.contains(workspaceId);
    }
}
