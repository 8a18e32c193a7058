package dev.align.base;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TextRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"Plain", "Ünïcødé", "日本語のタイトル", "👩‍💻 pairing", "ZWJ\u200Djoined", "a\u0301ccent"})
    void ordinary_and_odd_but_harmless_unicode_is_accepted(String text) {
        assertThat(TextRules.problem(text, true, 200, false)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tab\there|U+0009",
            "nul\u0000byte|U+0000",
            "rtl\u202Eoverride|U+202E",
            "isolate\u2066x|U+2066",
            "be\u0007ll|U+0007",
            "non\uFFFEchar|U+FFFE"})
    void control_and_invisible_formatting_characters_are_refused_with_their_code(String text, String code) {
        assertThat(TextRules.problem(text, true, 200, false)).hasValueSatisfying(m -> assertThat(m).contains(code));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lone\uD800surrogate", "low\uDC00first"})
    void unpaired_surrogates_are_refused(String text) {
        assertThat(TextRules.problem(text, true, 200, false)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n"})
    void blank_is_refused_only_when_required(String text) {
        assertThat(TextRules.problem(text, true, 10, false)).contains("This field is required.");
        assertThat(TextRules.problem(text, false, 10, false)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void length_counts_code_points_after_trimming() {
        assertThat(TextRules.problem("  " + "🚀".repeat(10) + "  ", true, 10, false)).isEmpty();
        assertThat(TextRules.problem("🚀".repeat(11), true, 10, false))
                .contains("At most 10 characters allowed (this has 11).");
    }

    @org.junit.jupiter.api.Test
    void multi_line_text_may_hold_line_breaks_and_tabs_single_line_text_may_not() {
        assertThat(TextRules.problem("one\r\ntwo\tthree", true, 50, true)).isEmpty();
        assertThat(TextRules.problem("one\ntwo", true, 50, false)).isPresent();
    }

    @org.junit.jupiter.api.Test
    void normalising_trims_and_composes() {
        assertThat(TextRules.normalise("  Cafe\u0301 ")).isEqualTo("Café");
        assertThat(TextRules.normalise(null)).isEmpty();
    }
}
