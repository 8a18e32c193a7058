package dev.align.illumera.sync.core;

import dev.align.illumera.mapping.Direction;
import dev.align.illumera.sync.core.FieldDecision.FirstLink;
import dev.align.illumera.sync.core.FieldDecision.Flow;
import dev.align.illumera.sync.core.FieldDecision.Policy;
import dev.align.illumera.sync.core.FieldDecision.Rules;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of the containers, decided three-way like an entry's (PRODUCT §3): a project's name ↔ its
 * workspace's; a release's name, date and state ↔ its sprint's name, end date and state. States
 * (written down in decision 0010):
 * <pre>
 * Align release | Illumera sprint
 * Planned       | planned or active   ("open")
 * Published     | closed              ("closed")
 * </pre>
 * Writing "open" to a closed sprint makes it active again; a planned or active sprint stays as it is.
 * Containers have no conflict inspector: where the row's policy asks a person, the most recent change
 * wins instead (a tie stays as it is and is reported).
 */
public final class ContainerFields {

    public static final String NAME = "name";
    public static final String DATE = "date";
    public static final String STATE = "state";
    public static final String OPEN = "open";
    public static final String CLOSED = "closed";

    private ContainerFields() {
    }

    public static Map<String, String> named(String name) {
        return Map.of(NAME, name);
    }

    public static Map<String, String> release(String name, LocalDate date, boolean published) {
        Map<String, String> values = new HashMap<>();
        values.put(NAME, name);
        values.put(DATE, date == null ? null : date.toString());
        values.put(STATE, published ? CLOSED : OPEN);
        return values;
    }

    public static Map<String, String> sprint(String name, LocalDate endDate, String state) {
        return release(name, endDate, CLOSED.equals(state));
    }

    /** The sprint state to write for a decided value, given the sprint's state now. */
    public static String sprintState(String now, String decided) {
        if (CLOSED.equals(decided)) {
            return CLOSED;
        }
        return CLOSED.equals(now) ? "active" : now;
    }

    /** The rules of a container row: its direction for every field, its policy (never "ask"). */
    public static Rules rules(Direction row, boolean withDates, Policy policy, FirstLink firstLink) {
        Flow flow = switch (row) {
            case ALIGN_TO_ILLUMERA -> Flow.TO_ILLUMERA;
            case ILLUMERA_TO_ALIGN -> Flow.TO_ALIGN;
            case BIDIRECTIONAL -> Flow.BOTH;
        };
        Map<String, Flow> flows = new LinkedHashMap<>();
        flows.put(NAME, flow);
        if (withDates) {
            flows.put(DATE, flow);
            flows.put(STATE, flow);
        }
        return new Rules(flows, Map.of(), policy == Policy.ASK_ME ? Policy.MOST_RECENT : policy,
                firstLink == FirstLink.ASK ? null : firstLink);
    }
}
