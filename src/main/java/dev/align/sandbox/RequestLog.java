package dev.align.sandbox;

import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * When each key's requests arrived (the last 1,000 per key), so tests can prove a client waited, and
 * how many there were in all (benchmarks count a run's API calls).
 */
@Component
class RequestLog {

    record Entry(Instant at, String method, String path, int status) {
    }

    private final Map<String, Deque<Entry>> byKey = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> totals = new ConcurrentHashMap<>();

    void record(String keyId, Entry entry) {
        totals.computeIfAbsent(keyId, k -> new LongAdder()).increment();
        Deque<Entry> entries = byKey.computeIfAbsent(keyId, k -> new ArrayDeque<>());
        synchronized (entries) {
            entries.addLast(entry);
            if (entries.size() > 1000) {
                entries.removeFirst();
            }
        }
    }

    long total(String keyId) {
        LongAdder total = totals.get(keyId);
        return total == null ? 0 : total.sum();
    }

    List<Entry> of(String keyId) {
        Deque<Entry> entries = byKey.getOrDefault(keyId, new ArrayDeque<>());
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }
}
