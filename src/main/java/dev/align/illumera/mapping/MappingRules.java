package dev.align.illumera.mapping;

import dev.align.entry.EntryStatus;
import dev.align.illumera.mapping.MappingModel.IllumeraStatus;
import dev.align.illumera.mapping.MappingModel.Mapping;
import dev.align.illumera.mapping.MappingModel.Problem;
import dev.align.illumera.mapping.MappingModel.Row;
import dev.align.illumera.mapping.MappingModel.WorkspaceSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** What may be mapped onto what, and why not: every refusal comes with a reason a person can act on. */
public final class MappingRules {

    private MappingRules() {
    }

    /** The Illumera fields a row may choose from: standard and custom fields of the same kind. */
    public static List<IllumeraField> choices(AlignField field, WorkspaceSchema schema) {
        return Stream.concat(IllumeraField.STANDARD.stream(), schema.customFields().stream())
                .filter(target -> refusal(field, target).isEmpty())
                .toList();
    }

    /** Why this target cannot receive this Align field, or empty when it can. */
    public static Optional<String> refusal(AlignField field, IllumeraField target) {
        if (target.type() != field.type()) {
            return Optional.of(field.label() + " holds a " + field.type().label() + "; " + target.name()
                    + " holds a " + target.type().label() + ".");
        }
        return Optional.empty();
    }

    /** Every problem of a mapping against the home workspace; empty means it can be saved. */
    public static List<Problem> validate(Mapping mapping, WorkspaceSchema schema) {
        List<Problem> problems = new ArrayList<>();
        if (mapping == null || mapping.direction() == null || mapping.statuses() == null) {
            return List.of(new Problem(null, "The mapping is incomplete: choose a direction and the status values."));
        }
        for (AlignField field : AlignField.values()) {
            long rows = mapping.rows().stream().filter(r -> r.alignField() == field).count();
            if (rows != 1) {
                problems.add(new Problem(field, "The mapping needs exactly one row for " + field.label()
                        + " (it has " + rows + ")."));
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        for (Row row : mapping.rows()) {
            AlignField field = row.alignField();
            if (!row.enabled()) {
                if (field == AlignField.ENTRY_TITLE) {
                    problems.add(new Problem(field, "Entry title cannot be switched off: every Illumera task and"
                            + " every Align entry needs a name."));
                }
                continue;
            }
            if (row.target() == null) {
                problems.add(new Problem(field, "Choose an Illumera field for " + field.label()
                        + ", or switch the row off."));
                continue;
            }
            // Targets are checked against what exists, never trusted as sent: a standard field must be one
            // of Illumera's, a custom field the workspace's own (its type from the workspace).
            IllumeraField target = row.target().custom()
                    ? schema.customFields().stream().filter(f -> f.key().equals(row.target().key())).findFirst()
                            .orElse(null)
                    : IllumeraField.STANDARD.stream().filter(f -> f.equals(row.target())).findFirst().orElse(null);
            if (target == null) {
                problems.add(new Problem(field, row.target().custom()
                        ? "The workspace has no field \"" + row.target().name() + "\" (any more): choose another one."
                        : "\"" + row.target().name() + "\" is not one of Illumera's task fields."));
                continue;
            }
            refusal(field, target).ifPresent(reason -> problems.add(new Problem(field, reason)));
            if (!row.direction().within(mapping.direction())) {
                problems.add(new Problem(field, field.label() + " is set to sync " + row.direction().label()
                        + ", but the connection syncs only " + mapping.direction().label() + "."));
            }
        }
        Row status = mapping.row(AlignField.ENTRY_STATUS);
        if (status.enabled() && status.target() != null) {
            problems.addAll(statusTableProblems(mapping, status.direction(), schema.statuses()));
        }
        return problems;
    }

    /** The status table must be complete in every direction the status row syncs. */
    private static List<Problem> statusTableProblems(Mapping mapping, Direction direction, List<IllumeraStatus> statuses) {
        List<Problem> problems = new ArrayList<>();
        var table = mapping.statuses();
        if (direction.toIllumera()) {
            for (EntryStatus status : EntryStatus.values()) {
                String key = table.toIllumera().get(status);
                if (key == null) {
                    problems.add(new Problem(AlignField.ENTRY_STATUS, "Align status \"" + status.label()
                            + "\" has no Illumera status."));
                } else if (statuses.stream().noneMatch(s -> s.key().equals(key))) {
                    problems.add(new Problem(AlignField.ENTRY_STATUS, "Align status \"" + status.label()
                            + "\" maps to \"" + key + "\", which the workspace does not have."));
                }
            }
        }
        if (direction.toAlign()) {
            for (IllumeraStatus status : statuses) {
                if (table.toAlign().get(status.key()) == null) {
                    problems.add(new Problem(AlignField.ENTRY_STATUS, "Illumera status \"" + status.name()
                            + "\" has no Align status."));
                }
            }
        }
        return problems;
    }
}
