package dev.align.base.ui;

import com.vaadin.flow.data.provider.Query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Feeds a lazy grid (offset and limit, no count) from a keyset query ("the rows after this one"): it
 * remembers the row at the end of each page it loaded, so the next page is a seek on an index, never
 * an OFFSET scan, and a grid scrolled a million rows deep costs what its first page cost. A jump past
 * the pages loaded so far walks forward from the nearest known row.
 */
public final class KeysetPages<T> {

    /** The rows after {@code last} (null: from the first), at most {@code limit}, in the grid's order. */
    @FunctionalInterface
    public interface Source<T> {
        List<T> after(T last, int limit);
    }

    private static final int MAX_PAGE = 200;

    private final Source<T> source;
    /** Offset of a row → the row just before it. */
    private final NavigableMap<Integer, T> boundaries = new TreeMap<>();

    public KeysetPages(Source<T> source) {
        this.source = source;
    }

    public Stream<T> fetch(Query<T, ?> query) {
        int offset = query.getOffset();
        int end = offset + query.getLimit();
        if (offset == 0) {
            boundaries.clear(); // read from the top again: rows may have arrived there (newest-first lists)
        }
        Map.Entry<Integer, T> known = boundaries.floorEntry(offset);
        int position = known == null ? 0 : known.getKey();
        T last = known == null ? null : known.getValue();
        List<T> rows = new ArrayList<>();
        while (position < end) {
            int want = Math.min(MAX_PAGE, end - position);
            List<T> page = source.after(last, want);
            for (T row : page) {
                if (position >= offset) {
                    rows.add(row);
                }
                position++;
            }
            if (page.isEmpty()) {
                break;
            }
            last = page.getLast();
            boundaries.put(position, last);
            if (page.size() < want) {
                break;
            }
        }
        return rows.stream();
    }

    /** Filters changed: every remembered row belongs to the old result. */
    public void reset() {
        boundaries.clear();
    }
}
