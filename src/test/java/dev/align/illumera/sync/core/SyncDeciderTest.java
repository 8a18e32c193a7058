package dev.align.illumera.sync.core;

import dev.align.illumera.sync.core.FieldDecision.Conflict;
import dev.align.illumera.sync.core.FieldDecision.FirstLink;
import dev.align.illumera.sync.core.FieldDecision.Rules;
import dev.align.illumera.sync.core.FieldDecision.Flow;
import dev.align.illumera.sync.core.FieldDecision.Outcome;
import dev.align.illumera.sync.core.FieldDecision.Policy;
import dev.align.illumera.sync.core.FieldDecision.Side;
import dev.align.illumera.sync.core.FieldDecision.Write;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The three-way decision of SYNC-DESIGN, row by row, without Spring, HTTP or a database. */
class SyncDeciderTest {

    static final Instant EARLY = Instant.parse("2026-11-29T10:00:00Z");
    static final Instant LATE = Instant.parse("2026-11-29T11:00:00Z");
    static final Map<String, Flow> BOTH_WAYS = Map.of("title", Flow.BOTH, "status", Flow.BOTH);
    static final Map<String, String> BASE = Map.of("title", "Launch", "status", "TODO");

    static Side side(String title, String status, Instant at) {
        var values = new HashMap<String, String>();
        values.put("title", title);
        values.put("status", status);
        return new Side(values, at);
    }

    static Outcome decide(Side align, Side illumera, Policy policy) {
        return SyncDecider.decide(BASE, align, illumera, BOTH_WAYS, policy);
    }

    @Test
    void unchanged_on_both_sides_means_nothing_to_do() {
        Outcome outcome = decide(side("Launch", "TODO", EARLY), side("Launch", "TODO", EARLY), Policy.ASK_ME);

        assertThat(outcome.nothingToDo()).isTrue();
        assertThat(outcome.newBase()).isEqualTo(BASE);
    }

    @Test
    void a_change_in_align_goes_to_illumera_and_becomes_the_base() {
        Outcome outcome = decide(side("Launch v2", "TODO", LATE), side("Launch", "TODO", EARLY), Policy.ASK_ME);

        assertThat(outcome.toIllumera()).containsExactly(new Write("title", "Launch", "Launch v2"));
        assertThat(outcome.toAlign()).isEmpty();
        assertThat(outcome.newBase()).containsEntry("title", "Launch v2");
    }

    @Test
    void a_change_in_illumera_goes_to_align() {
        Outcome outcome = decide(side("Launch", "TODO", EARLY), side("Launch", "DONE", LATE), Policy.ASK_ME);

        assertThat(outcome.toAlign()).containsExactly(new Write("status", "TODO", "DONE"));
        assertThat(outcome.toIllumera()).isEmpty();
    }

    @Test
    void the_same_change_on_both_sides_is_no_conflict() {
        Outcome outcome = decide(side("Launch", "DONE", LATE), side("Launch", "DONE", EARLY), Policy.ASK_ME);

        assertThat(outcome.nothingToDo()).isTrue();
        assertThat(outcome.newBase()).containsEntry("status", "DONE");
    }

    @Test
    void what_the_engine_wrote_does_not_come_back_as_a_change() {
        Outcome first = decide(side("Launch v2", "TODO", LATE), side("Launch", "TODO", EARLY), Policy.ASK_ME);
        Side illumeraAfterWrite = side("Launch v2", "TODO", LATE.plusSeconds(1));

        Outcome echo = SyncDecider.decide(first.newBase(), side("Launch v2", "TODO", LATE), illumeraAfterWrite,
                BOTH_WAYS, Policy.ASK_ME);

        assertThat(echo.nothingToDo()).isTrue();
    }

    @Test
    void under_ask_me_a_field_changed_on_both_sides_waits_and_the_other_fields_still_sync() {
        Outcome outcome = decide(side("Align title", "DONE", LATE), side("Illumera title", "TODO", EARLY),
                Policy.ASK_ME);

        assertThat(outcome.conflicts()).containsExactly(new Conflict("title", "Launch", "Align title", "Illumera title"));
        assertThat(outcome.toIllumera()).containsExactly(new Write("status", "TODO", "DONE"));
        assertThat(outcome.toAlign()).isEmpty();
        assertThat(outcome.newBase()).containsEntry("title", "Launch").containsEntry("status", "DONE");
    }

    @Test
    void align_wins_and_illumera_wins_write_the_winner_to_the_other_side() {
        Side align = side("Align title", "TODO", EARLY);
        Side illumera = side("Illumera title", "TODO", LATE);

        assertThat(decide(align, illumera, Policy.ALIGN_WINS).toIllumera()).as("and says the policy decided")
                .containsExactly(new Write("title", "Illumera title", "Align title", Policy.ALIGN_WINS));
        assertThat(decide(align, illumera, Policy.ILLUMERA_WINS).toAlign())
                .containsExactly(new Write("title", "Align title", "Illumera title", Policy.ILLUMERA_WINS));
    }

    @Test
    void most_recent_wins_by_change_time_and_asks_on_a_tie() {
        assertThat(decide(side("A", "TODO", LATE), side("I", "TODO", EARLY), Policy.MOST_RECENT).toIllumera())
                .containsExactly(new Write("title", "I", "A", Policy.MOST_RECENT));
        assertThat(decide(side("A", "TODO", EARLY), side("I", "TODO", LATE), Policy.MOST_RECENT).toAlign())
                .containsExactly(new Write("title", "A", "I", Policy.MOST_RECENT));
        assertThat(decide(side("A", "TODO", EARLY), side("I", "TODO", EARLY), Policy.MOST_RECENT).conflicts())
                .extracting(Conflict::field).containsExactly("title");
    }

    @Test
    void a_one_way_field_flows_from_its_source_only_and_never_conflicts() {
        var fields = Map.of("title", Flow.TO_ILLUMERA, "status", Flow.TO_ALIGN);
        Side align = side("Align title", "DONE", LATE);
        Side illumera = side("Illumera title", "REVIEW", LATE);

        Outcome both = SyncDecider.decide(BASE, align, illumera, fields, Policy.ASK_ME);
        assertThat(both.toIllumera()).containsExactly(new Write("title", "Illumera title", "Align title"));
        assertThat(both.toAlign()).containsExactly(new Write("status", "DONE", "REVIEW"));
        assertThat(both.conflicts()).isEmpty();

        Outcome targetOnly = SyncDecider.decide(BASE, side("Launch", "TODO", EARLY), side("Edited in Illumera", "TODO",
                LATE), Map.of("title", Flow.TO_ILLUMERA), Policy.ASK_ME);
        assertThat(targetOnly.nothingToDo()).as("Illumera's edit of an Align-sourced field is left alone").isTrue();
        assertThat(targetOnly.newBase()).containsEntry("title", "Launch");
    }

    @ParameterizedTest
    @EnumSource(value = Policy.class, names = {"ALIGN_WINS", "ILLUMERA_WINS"})
    void a_first_meeting_takes_the_initial_values_from_the_policy(Policy policy) {
        Outcome outcome = SyncDecider.decide(null, side("Same", "TODO", EARLY), side("Same", "DONE", LATE), BOTH_WAYS,
                policy);

        assertThat(outcome.newBase()).containsEntry("title", "Same")
                .containsEntry("status", policy == Policy.ALIGN_WINS ? "TODO" : "DONE");
        assertThat(outcome.conflicts()).isEmpty();
    }

    @Test
    void a_first_meeting_under_ask_me_holds_differing_fields_for_a_person() {
        Outcome outcome = SyncDecider.decide(null, side("Same", "TODO", EARLY), side("Same", "DONE", LATE), BOTH_WAYS,
                Policy.ASK_ME);

        assertThat(outcome.conflicts()).containsExactly(new Conflict("status", null, "TODO", "DONE"));
        assertThat(outcome.newBase()).containsEntry("title", "Same").doesNotContainKey("status");
    }

    @Test
    void a_cleared_value_is_a_change_like_any_other() {
        Outcome outcome = decide(side("Launch", null, LATE), side("Launch", "TODO", EARLY), Policy.ASK_ME);

        assertThat(outcome.toIllumera()).containsExactly(new Write("status", "TODO", null));
        assertThat(outcome.newBase()).containsEntry("status", null);
    }

    static Side due(String value) {
        var values = new HashMap<String, String>();
        values.put("due", value);
        return new Side(values, EARLY);
    }

    /** What one field's decision wrote: the value sent each way ("-" for nothing) and whether it waits. */
    static String written(Outcome outcome) {
        return outcome.toIllumera().stream().map(Write::after).findFirst().orElse("-") + " | "
                + outcome.toAlign().stream().map(Write::after).findFirst().orElse("-") + " | "
                + !outcome.conflicts().isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # first meeting (no base)              | flow        | choice   | Align      | Illumera   | written
            a blank Align takes Illumera's value   | BOTH        | ASK      | -          | 2026-12-05 | - | 2026-12-05 | false
            a blank Illumera takes Align's value   | BOTH        | ILLUMERA | 2026-12-01 | -          | 2026-12-01 | - | false
            blank wins over no choice at all       | BOTH        | ALIGN    | -          | 2026-12-05 | - | 2026-12-05 | false
            differing values, Align's chosen       | BOTH        | ALIGN    | 2026-12-01 | 2026-12-05 | 2026-12-01 | - | false
            differing values, Illumera's chosen    | BOTH        | ILLUMERA | 2026-12-01 | 2026-12-05 | - | 2026-12-05 | false
            differing values, a person asked       | BOTH        | ASK      | 2026-12-01 | 2026-12-05 | - | - | true
            one-way from a blank Align source      | TO_ILLUMERA | ALIGN    | -          | 2026-12-05 | - | - | false
            one-way from an Align value            | TO_ILLUMERA | ASK      | 2026-12-01 | 2026-12-05 | 2026-12-01 | - | false
            one-way from a blank Illumera source   | TO_ALIGN    | ILLUMERA | 2026-12-01 | -          | - | - | false
            one-way from an Illumera value         | TO_ALIGN    | ALIGN    | 2026-12-01 | 2026-12-05 | - | 2026-12-05 | false
            """)
    void records_linked_for_the_first_time(String name, Flow flow, FirstLink choice, String align, String illumera,
                                           String toIllumera, String toAlign, boolean asks) {
        Outcome outcome = SyncDecider.decide(null, due(align), due(illumera),
                new Rules(Map.of("due", flow), Map.of(), Policy.ASK_ME, choice));

        assertThat(written(outcome)).isEqualTo((toIllumera == null ? "-" : toIllumera) + " | "
                + (toAlign == null ? "-" : toAlign) + " | " + asks);
        if (!asks) {
            String kept = toAlign != null ? toAlign : toIllumera != null ? toIllumera : flow == Flow.TO_ALIGN ? illumera : align;
            assertThat(outcome.newBase()).as("the base is what both sides hold, or the blank source")
                    .containsEntry("due", kept);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # changed on both sides since base 2026-11-30 | policy                       | Align      | Illumera   | written
            Align wins unless blank: Align has a value    | PREFER_ALIGN_UNLESS_BLANK    | 2026-12-01 | 2026-12-05 | 2026-12-01 | - | false
            Align wins unless blank: Align cleared it     | PREFER_ALIGN_UNLESS_BLANK    | -          | 2026-12-05 | - | 2026-12-05 | false
            Illumera wins unless blank: Illumera's value  | PREFER_ILLUMERA_UNLESS_BLANK | 2026-12-01 | 2026-12-05 | - | 2026-12-05 | false
            Illumera wins unless blank: Illumera cleared  | PREFER_ILLUMERA_UNLESS_BLANK | 2026-12-01 | -          | 2026-12-01 | - | false
            Align wins, even a blank                      | ALIGN_WINS                   | -          | 2026-12-05 | - | - | false
            Ask me                                        | ASK_ME                       | 2026-12-01 | 2026-12-05 | - | - | true
            """)
    void a_field_changed_on_both_sides_follows_its_policy(String name, Policy policy, String align, String illumera,
                                                          String toIllumera, String toAlign, boolean asks) {
        Map<String, String> base = Map.of("due", "2026-11-30");
        Outcome outcome = SyncDecider.decide(base, due(align), due(illumera),
                new Rules(Map.of("due", Flow.BOTH), Map.of(), policy, FirstLink.ASK));

        String expected = (toIllumera == null ? "-" : toIllumera) + " | " + (toAlign == null ? "-" : toAlign) + " | " + asks;
        if (policy == Policy.ALIGN_WINS) {
            assertThat(outcome.toIllumera()).as("a cleared value wins like any other")
                    .containsExactly(new Write("due", "2026-12-05", null, Policy.ALIGN_WINS));
        } else {
            assertThat(written(outcome)).isEqualTo(expected);
        }
    }

    @Test
    void a_row_with_a_policy_of_its_own_overrides_the_connections() {
        Rules rules = new Rules(BOTH_WAYS, Map.of("title", Policy.ALIGN_WINS), Policy.ASK_ME, FirstLink.ASK);

        Outcome outcome = SyncDecider.decide(BASE, side("Align title", "DONE", EARLY), side("Illumera title", "REVIEW",
                LATE), rules);

        assertThat(outcome.toIllumera()).containsExactly(new Write("title", "Illumera title", "Align title",
                Policy.ALIGN_WINS));
        assertThat(outcome.conflicts()).extracting(Conflict::field).containsExactly("status");
    }

    @Test
    void the_first_link_choice_settles_first_meetings_only() {
        Rules rules = new Rules(BOTH_WAYS, Map.of(), Policy.ASK_ME, FirstLink.ILLUMERA);

        assertThat(SyncDecider.decide(null, side("Same", "TODO", LATE), side("Same", "DONE", EARLY), rules).toAlign())
                .as("decided by the first-link choice, which the history names")
                .containsExactly(new Write("status", "TODO", "DONE", Policy.ILLUMERA_WINS, true));
        assertThat(SyncDecider.decide(BASE, side("Launch", "DONE", LATE), side("Launch", "REVIEW", EARLY), rules)
                .conflicts()).as("a pair with a base follows the policy").extracting(Conflict::field)
                .containsExactly("status");
    }
}
