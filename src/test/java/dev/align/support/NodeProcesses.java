package dev.align.support;

import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Align sync nodes as processes of their own (the test's classpath, no web server) on the test context's
 * database, keyset and sandbox, for benchmarks across real JVMs. Logs in target/test-logs/align-&lt;name&gt;.log.
 */
public final class NodeProcesses implements AutoCloseable {

    private final Environment environment;
    private final DataSource dataSource;
    private final Map<String, Process> running = new LinkedHashMap<>();

    public NodeProcesses(Environment environment, DataSource dataSource) {
        this.environment = environment;
        this.dataSource = dataSource;
    }

    /** Starts one; {@code settings} are further command-line settings (they outrank the defaults here). */
    public Process start(String name, String... settings) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path"), "dev.align.Application"));
        command.addAll(SecondNode.settings(environment, dataSource, name, false));
        command.addAll(List.of("--illumera.sync.push=false", "--illumera.triggers.tick=PT24H",
                "--illumera.key-check.cron=-", "--illumera.drift.cron=-", "--illumera.history.retention-cron=-",
                "--align.mail.tick=PT24H"));
        command.addAll(List.of(settings));
        Files.createDirectories(Path.of("target/test-logs"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("target/test-logs/" + name + ".out")).start();
        running.put(name, process);
        return process;
    }

    public boolean runs(String name) {
        return running.containsKey(name);
    }

    public Process get(String name) {
        return running.get(name);
    }

    /** kill -9: no shutdown, no lock released. */
    public void kill(String name) throws InterruptedException {
        running.remove(name).destroyForcibly().waitFor();
    }

    /** A POSIX signal (STOP, CONT) to a node. */
    public void signal(String name, String signal) {
        signal(running.get(name), signal);
    }

    private static void signal(Process process, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops every node still running (a frozen one is continued first so that it can end). */
    @Override
    public void close() throws InterruptedException {
        for (Process process : running.values()) {
            signal(process, "CONT");
            process.destroy();
        }
        for (Process process : running.values()) {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        running.clear();
    }
}
