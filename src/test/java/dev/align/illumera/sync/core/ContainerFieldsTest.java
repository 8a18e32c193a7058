package dev.align.illumera.sync.core;

import dev.align.illumera.mapping.Direction;
import dev.align.illumera.sync.core.FieldDecision.FirstLink;
import dev.align.illumera.sync.core.FieldDecision.Flow;
import dev.align.illumera.sync.core.FieldDecision.Outcome;
import dev.align.illumera.sync.core.FieldDecision.Policy;
import dev.align.illumera.sync.core.FieldDecision.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The containers' fields and state table (decision 0010), without Spring, HTTP or a database. */
class ContainerFieldsTest {

    @ParameterizedTest(name = "sprint {0}, decided {1} → {2}")
    @CsvSource(textBlock = """
            planned, closed, closed
            active,  closed, closed
            closed,  open,   active
            planned, open,   planned
            active,  open,   active
            """)
    void the_state_written_to_a_sprint(String now, String decided, String written) {
        assertThat(ContainerFields.sprintState(now, decided)).isEqualTo(written);
    }

    @ParameterizedTest(name = "sprint state {0} reads as {1}")
    @CsvSource(textBlock = """
            planned, open
            active,  open
            closed,  closed
            """)
    void sprint_states_read_as_release_states(String state, String read) {
        assertThat(ContainerFields.sprint("S", null, state)).containsEntry(ContainerFields.STATE, read);
    }

    @Test
    void a_container_row_never_asks_a_person_the_most_recent_change_wins() {
        var rules = ContainerFields.rules(Direction.BIDIRECTIONAL, true, Policy.ASK_ME, FirstLink.ASK);
        Map<String, String> base = ContainerFields.release("R1", LocalDate.of(2027, 1, 1), false);

        Outcome outcome = SyncDecider.decide(base,
                new Side(ContainerFields.release("R1 (Align)", LocalDate.of(2027, 1, 1), false), Instant.parse("2026-12-01T10:00:00Z")),
                new Side(ContainerFields.sprint("R1 (Illumera)", LocalDate.of(2027, 1, 1), "planned"), Instant.parse("2026-12-01T11:00:00Z")),
                rules);

        assertThat(rules.flows()).containsOnlyKeys("name", "date", "state").containsValue(Flow.BOTH);
        assertThat(outcome.conflicts()).isEmpty();
        assertThat(outcome.toAlign()).singleElement().satisfies(w -> assertThat(w.after()).isEqualTo("R1 (Illumera)"));
    }

    @Test
    void a_one_way_row_flows_every_container_field_one_way() {
        var rules = ContainerFields.rules(Direction.ILLUMERA_TO_ALIGN, false, Policy.ALIGN_WINS, FirstLink.ALIGN);

        assertThat(rules.flows()).containsExactly(Map.entry("name", Flow.TO_ALIGN));
    }
}
