package dev.align.illumera.ui;

import dev.align.illumera.history.SyncHistory.ReleaseReport;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ReportSvgTest {

    private static ReleaseReport report(String name) {
        return new ReleaseReport(1, name, "Website", "spr_1", 150,
                new LinkedHashMap<>(Map.of("TODO", 1, "DONE", 3)),
                new LinkedHashMap<>(Map.of("To do (Illumera: todo)", 2, "Done (Illumera: done)", 2)),
                new LinkedHashMap<>(Map.of("IN_SYNC", 3, "CONFLICT", 1)));
    }

    @Test
    void each_bar_spans_the_entries_and_the_figures_are_also_in_words() {
        String svg = ReportSvg.release(report("1.0"));

        assertThat(svg).startsWith("<svg").endsWith("</svg>").contains("role=\"img\"").contains("<title>Website · 1.0 ↔ sprint spr_1</title>")
                .contains("2 h 30 min tracked in Align")
                .contains("4 entries, 2 h 30 min tracked. Align: ").contains("3 in sync").contains("1 in conflict");
        var widths = Pattern.compile("<rect x=\"[0-9.]+\" y=\"44\" width=\"([0-9.]+)\"").matcher(svg).results()
                .mapToDouble(m -> Double.parseDouble(m.group(1))).sum();
        assertThat(widths).as("the Align bar is full width").isCloseTo(400, org.assertj.core.data.Offset.offset(0.5));
    }

    @Test
    void names_cannot_break_out_of_the_drawing() {
        String svg = ReportSvg.release(report("<script>alert('x')</script> & \u0007bell"));

        assertThat(svg).doesNotContain("<script>").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; bell");
    }

    @Test
    void a_release_without_entries_says_so() {
        var empty = new ReleaseReport(2, "2.0", "Website", null, 0, Map.of(), Map.of(), Map.of());

        assertThat(ReportSvg.release(empty)).contains("No entries in this release.").contains("no sprint paired yet");
    }
}
