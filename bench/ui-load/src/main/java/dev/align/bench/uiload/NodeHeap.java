package dev.align.bench.uiload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The heap the cluster's Align nodes use after a full collection, read with the JDK's jcmd from the
 * process ids scripts/cluster.sh keeps (target/cluster/node-N.pid).
 */
final class NodeHeap {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final List<Path> pidFiles = new ArrayList<>();
    private final String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();

    NodeHeap(Path clusterState) throws IOException {
        try (var files = Files.list(clusterState)) {
            files.filter(file -> file.getFileName().toString().matches("node-\\d+\\.pid")).sorted().forEach(pidFiles::add);
        }
        if (pidFiles.isEmpty()) {
            throw new IllegalStateException("No Align node runs: start the cluster first (scripts/cluster.sh start 2)");
        }
    }

    /** Bytes of heap in use per node right after a full GC (two, so that what the first freed is gone). */
    Map<String, Long> usedAfterGc() throws IOException, InterruptedException {
        Map<String, Long> used = new TreeMap<>();
        for (Path pidFile : pidFiles) {
            String pid = Files.readString(pidFile).strip();
            run(pid, "GC.run");
            run(pid, "GC.run");
            var matcher = USED.matcher(run(pid, "GC.heap_info"));
            if (!matcher.find()) {
                throw new IllegalStateException("jcmd " + pid + " GC.heap_info: no heap figure");
            }
            used.put(pidFile.getFileName().toString().replace(".pid", ""), Long.parseLong(matcher.group(1)) * 1024);
        }
        return used;
    }

    /** The first node's live objects by class (jcmd GC.class_histogram), largest first: where the heap goes. */
    String histogram(int lines) throws IOException, InterruptedException {
        String pid = Files.readString(pidFiles.getFirst()).strip();
        return run(pid, "GC.class_histogram").lines().limit(lines + 3L).collect(java.util.stream.Collectors.joining("\n"));
    }

    private String run(String pid, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(jcmd, pid, command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }
}
