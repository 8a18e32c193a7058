package dev.align.bench.uiload;

import io.gatling.app.Gatling$;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin UI under load, through the cluster's load balancer: for each number of concurrent admin
 * sessions, Gatling runs {@link AdminBrowsing}; once every session has browsed and waits on the card,
 * the nodes' heap after a full GC is compared with the heap before the run. Prints, per run, the
 * response times Gatling measured (p95 per request kind) and the heap each session holds.
 * {@code -Dbench.histogram=true} also writes node-1's heap by class while the sessions wait.
 */
public final class UiLoadBenchmark {

    private UiLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getProperty("bench.url", "http://127.0.0.1:8080");
        int ramp = Integer.getInteger("bench.ramp", 60);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int[] sessions = Arrays.stream(System.getProperty("bench.sessions", "50,100,200").split(","))
                .map(String::strip).mapToInt(Integer::parseInt).toArray();
        var heap = new NodeHeap(Path.of(System.getProperty("bench.cluster", "target/cluster")));
        Path results = Path.of("target", "gatling").toAbsolutePath();

        ConnectIllumera.ensureConnected(url);
        List<String> rows = new ArrayList<>();
        for (int users : sessions) {
            Hold.reset();
            Map<String, Long> before = heap.usedAfterGc();
            System.setProperty("bench.users", Integer.toString(users));
            int[] exit = {-1};
            Thread gatling = new Thread(() -> exit[0] = Gatling$.MODULE$.fromArgs(new String[] {
                    "--simulation", AdminBrowsing.class.getName(),
                    "--results-folder", results.toString(),
                    "--run-description", users + " admin sessions"}), "gatling");
            gatling.start();
            // Everyone browsed (about 12 s a round) after the ramp; generous, since a loaded machine is slower.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ramp + rounds * 30L + 180);
            while (Hold.ARRIVED.get() < users && gatling.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            int waiting = Hold.ARRIVED.get();
            Map<String, Long> during = heap.usedAfterGc();
            if (Boolean.getBoolean("bench.histogram")) {
                Path histogram = results.resolve("histogram-" + users + ".txt");
                Files.writeString(histogram, heap.histogram(40));
                System.out.println("[ui-load] node-1's heap by class with " + waiting + " sessions: " + histogram);
            }
            Hold.release.countDown();
            gatling.join();

            long grown = during.values().stream().mapToLong(Long::longValue).sum()
                    - before.values().stream().mapToLong(Long::longValue).sum();
            Path report = newestReport(results);
            String responseTimes = responseTimes(report);
            String row = String.format("%d sessions (%d waiting on the " + System.getProperty("bench.hold-on", "card") + " when measured): heap before %s, with them %s;"
                            + " %.0f kB per session; exit %d%n  %s%n  report %s",
                    users, waiting, megabytes(before), megabytes(during),
                    waiting == 0 ? Double.NaN : grown / 1024.0 / waiting, exit[0], responseTimes, report);
            System.out.println("[ui-load] " + row);
            rows.add(row);
        }
        System.out.println();
        System.out.println("[ui-load] Summary (" + url + ", " + rounds + " rounds of card → history → audit → card, waiting on the "
                + System.getProperty("bench.hold-on", "card") + "):");
        rows.forEach(row -> System.out.println("[ui-load] " + row));
    }

    private static String megabytes(Map<String, Long> used) {
        StringBuilder out = new StringBuilder();
        used.forEach((node, bytes) -> out.append(out.isEmpty() ? "" : " + ").append(node).append(' ')
                .append(bytes / (1024 * 1024)).append(" MB"));
        return out.toString();
    }

    private static Path newestReport(Path results) throws Exception {
        try (var dirs = Files.list(results)) {
            return dirs.filter(Files::isDirectory)
                    .max(Comparator.comparing(dir -> dir.toFile().lastModified())).orElseThrow();
        }
    }

    private static final Pattern ROW = Pattern.compile("<tr id=\"[^\"]*\"(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("class=\"ellipsed-name\">([^<]*)<");
    private static final Pattern CELL = Pattern.compile("<td class=\"value [a-z]+ col-(\\d+)\">([^<]*)</td>");

    /**
     * Count, failures and response-time percentiles (ms) per request kind, from the report's statistics
     * table (Gatling 3.15 writes them into index.html only; columns: 2 total, 4 KO, 8 p50, 10 p95, 11 p99, 12 max).
     */
    static String responseTimes(Path report) throws Exception {
        String html = Files.readString(report.resolve("index.html"));
        StringBuilder out = new StringBuilder();
        Matcher row = ROW.matcher(html);
        while (row.find()) {
            Matcher name = NAME.matcher(row.group(1));
            if (!name.find()) {
                continue;
            }
            Map<Integer, String> cells = new HashMap<>();
            Matcher cell = CELL.matcher(row.group(1));
            while (cell.find()) {
                cells.put(Integer.parseInt(cell.group(1)), cell.group(2).strip());
            }
            out.append(out.isEmpty() ? "" : "\n  ").append(String.format(
                    "%-14s %6s requests, %4s failed; p50 %5s ms, p95 %5s ms, p99 %5s ms, max %5s ms",
                    name.group(1), cells.get(2), cells.get(4), cells.get(8), cells.get(10), cells.get(11), cells.get(12)));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("No statistics table in " + report.resolve("index.html"));
        }
        return out.toString();
    }
}
