package dev.align.illumera.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Illumera's slowly changing answers (a workspace's statuses, fields, members, import rules) kept on this node
 * for a while, so that frequent small callers spend the organisation's rate limit once per {@code ttl}: one
 * read for concurrent callers of the same key; a failed read is not kept; a caller that must see Illumera as
 * it is now reads afresh and refreshes what is kept.
 */
public final class KeptReads {

    private final Cache<Object, Object> kept;

    public KeptReads(Duration ttl) {
        kept = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
    }

    /** The value kept for {@code key} unless {@code fresh} or expired; otherwise {@code read} now, and kept. */
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, boolean fresh, Supplier<T> read) {
        if (fresh) {
            T value = read.get();
            kept.put(key, value);
            return value;
        }
        return (T) kept.get(key, unused -> read.get());
    }
}
