package dev.align.sandbox;

import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** When each key's requests arrived (the last 1,000 per key), so tests can prove a client waited. */
@Component
class RequestLog {

    record Entry(Instant at, String method, String path, int status) {
    }

    private final Map<String, Deque<Entry>> byKey = new ConcurrentHashMap<>();

    void record(String keyId, Entry entry) {
        Deque<Entry> entries = byKey.computeIfAbsent(keyId, k -> new ArrayDeque<>());
        synchronized (entries) {
            entries.addLast(entry);
            if (entries.size() > 1000) {
                entries.removeFirst();
            }
        }
    }

    List<Entry> of(String keyId) {
        Deque<Entry> entries = byKey.getOrDefault(keyId, new ArrayDeque<>());
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }
}
