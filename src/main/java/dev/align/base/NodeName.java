package dev.align.base;

import java.lang.management.ManagementFactory;

/** This node's name in run records and ShedLock's {@code locked_by}: ALIGN_NODE_NAME, else {@code pid@host}. */
public final class NodeName {

    private NodeName() {
    }

    public static String of(String configured) {
        return configured == null || configured.isBlank() ? ManagementFactory.getRuntimeMXBean().getName()
                : configured.strip();
    }
}
