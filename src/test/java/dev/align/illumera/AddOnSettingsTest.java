package dev.align.illumera;

import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.mapping.IllumeraField;
import dev.align.illumera.mapping.MappingModel.Mapping;
import dev.align.illumera.mapping.MappingModel.WorkspaceSchema;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Which saves widen the settings (and so bring across what was passed over), without Spring. */
class AddOnSettingsTest {

    static final WorkspaceSchema SCHEMA = new WorkspaceSchema(List.of(), List.of());

    static AddOnSettings settings(Direction direction, UnaryOperator<Mapping> change) {
        return new AddOnSettings(change.apply(Mapping.defaults(direction, SCHEMA)), ConflictPolicy.ASK_ME, Set.of(), false);
    }

    @Test
    void a_direction_gaining_a_side_widens_losing_one_does_not() {
        var oneWay = settings(Direction.ALIGN_TO_ILLUMERA, m -> m);
        var bothWays = settings(Direction.BIDIRECTIONAL, m -> m);

        assertThat(bothWays.widens(oneWay)).isTrue();
        assertThat(oneWay.widens(bothWays)).isFalse();
        assertThat(bothWays.widens(bothWays)).isFalse();
        assertThat(settings(Direction.ILLUMERA_TO_ALIGN, m -> m).widens(oneWay)).isTrue();
    }

    @Test
    void a_row_switched_on_given_another_field_or_a_wider_direction_widens() {
        var dueOff = settings(Direction.BIDIRECTIONAL, m -> m.withRow(m.row(AlignField.DUE_DATE).switchedOn(false)));
        var all = settings(Direction.BIDIRECTIONAL, m -> m);
        var titleOneWay = settings(Direction.BIDIRECTIONAL,
                m -> m.withRow(m.row(AlignField.ENTRY_TITLE).withDirection(Direction.ALIGN_TO_ILLUMERA)));
        var tracked = settings(Direction.BIDIRECTIONAL, m -> m.withRow(m.row(AlignField.TRACKED_TIME)
                .withTarget(IllumeraField.DUE_DATE).switchedOn(true)));

        assertThat(all.widens(dueOff)).isTrue();
        assertThat(dueOff.widens(all)).isFalse();
        assertThat(all.widens(titleOneWay)).isTrue();
        assertThat(titleOneWay.widens(all)).isFalse();
        assertThat(tracked.widens(all)).isTrue();
    }

    @Test
    void row_policies_equal_to_the_connections_are_not_kept_and_the_first_link_follows_the_policy_when_unset() {
        var saved = new AddOnSettings(Mapping.defaults(Direction.BIDIRECTIONAL, SCHEMA), ConflictPolicy.ILLUMERA_WINS,
                Set.of(), false, Map.of(AlignField.DUE_DATE, ConflictPolicy.ILLUMERA_WINS,
                AlignField.ENTRY_TITLE, ConflictPolicy.ALIGN_WINS), null);

        assertThat(saved.fieldPolicies()).containsOnlyKeys(AlignField.ENTRY_TITLE);
        assertThat(saved.policyOf(AlignField.DUE_DATE)).isEqualTo(ConflictPolicy.ILLUMERA_WINS);
        assertThat(saved.firstLink()).isEqualTo(FirstLinkChoice.ILLUMERA);
    }
}
