package dev.align.base.ui;

import com.vaadin.flow.data.provider.Query;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The grid's offset/limit questions answered by "rows after this one", without Spring or a database. */
class KeysetPagesTest {

    private final List<Integer> rows = IntStream.rangeClosed(1, 1000).boxed().toList();
    private final List<Integer> asked = new ArrayList<>();
    private final KeysetPages<Integer> pages = new KeysetPages<>((last, limit) -> {
        asked.add(last == null ? 0 : last);
        int from = last == null ? 0 : rows.indexOf(last) + 1;
        return rows.subList(Math.min(from, rows.size()), Math.min(from + limit, rows.size()));
    });

    private List<Integer> fetch(int offset, int limit) {
        return pages.fetch(new Query<>(offset, limit, List.of(), null, null)).toList();
    }

    @Test
    void page_after_page_each_question_starts_after_the_last_row_shown() {
        assertThat(fetch(0, 50)).containsExactlyElementsOf(rows.subList(0, 50));
        assertThat(fetch(50, 50)).containsExactlyElementsOf(rows.subList(50, 100));
        assertThat(fetch(100, 50)).containsExactlyElementsOf(rows.subList(100, 150));

        assertThat(asked).as("each page is one seek after a known row").containsExactly(0, 50, 100);
    }

    @Test
    void a_jump_walks_forward_from_the_nearest_known_row_and_the_end_is_short() {
        fetch(0, 50);
        assertThat(fetch(520, 50)).containsExactlyElementsOf(rows.subList(520, 570));
        assertThat(asked).as("from row 50, in pages of at most 200").containsExactly(0, 50, 250, 450);
        assertThat(fetch(980, 50)).containsExactlyElementsOf(rows.subList(980, 1000));
        assertThat(fetch(1000, 50)).isEmpty();
    }

    @Test
    void reading_from_the_top_again_forgets_the_rows_remembered_below_it() {
        fetch(0, 50);
        fetch(50, 50);

        fetch(0, 50);
        fetch(50, 50);

        assertThat(asked).as("rows may have arrived at the top: the second page follows the new first")
                .containsExactly(0, 50, 0, 50);
    }

    @Test
    void after_a_reset_the_first_page_is_asked_afresh() {
        fetch(0, 50);
        fetch(50, 50);
        pages.reset();

        fetch(50, 50);

        assertThat(asked).containsExactly(0, 50, 0);
    }
}
