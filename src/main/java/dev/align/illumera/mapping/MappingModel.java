package dev.align.illumera.mapping;

import dev.align.entry.EntryStatus;
import dev.align.entry.StatusCategory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The records of the mapping model. */
public final class MappingModel {

    private MappingModel() {
    }

    /** A task status of the home workspace (GET …/statuses). */
    public record IllumeraStatus(String key, String name, String category) {
    }

    /** What the home workspace offers to map onto: its statuses and custom fields. */
    public record WorkspaceSchema(List<IllumeraStatus> statuses, List<IllumeraField> customFields) {
        public WorkspaceSchema {
            statuses = List.copyOf(statuses);
            customFields = List.copyOf(customFields);
        }
    }

    /** One row of the mapping grid; a switched-off row keeps its target so it can be switched on again. */
    public record Row(AlignField alignField, IllumeraField target, Direction direction, boolean enabled) {
        public Row {
            Objects.requireNonNull(alignField);
            Objects.requireNonNull(direction);
        }

        public Row withTarget(IllumeraField newTarget) {
            return new Row(alignField, newTarget, direction, enabled);
        }

        public Row withDirection(Direction newDirection) {
            return new Row(alignField, target, newDirection, enabled);
        }

        public Row switchedOn(boolean on) {
            return new Row(alignField, target, direction, on);
        }
    }

    /** Each Align status ↔ an Illumera status key, one table per direction. */
    public record StatusTable(Map<EntryStatus, String> toIllumera, Map<String, EntryStatus> toAlign) {
        public StatusTable {
            toIllumera = Map.copyOf(toIllumera);
            toAlign = Map.copyOf(toAlign);
        }

        /** Suggests by name first, then by category (to do / in progress / done). */
        public static StatusTable suggest(List<IllumeraStatus> statuses) {
            Map<EntryStatus, String> toIllumera = new LinkedHashMap<>();
            for (EntryStatus status : EntryStatus.values()) {
                statuses.stream().filter(s -> s.name().equalsIgnoreCase(status.label())).findFirst()
                        .or(() -> statuses.stream().filter(s -> s.category().equals(category(status.category())))
                                .findFirst())
                        .ifPresent(s -> toIllumera.put(status, s.key()));
            }
            Map<String, EntryStatus> toAlign = new LinkedHashMap<>();
            for (IllumeraStatus status : statuses) {
                EntryStatus match = List.of(EntryStatus.values()).stream()
                        .filter(s -> s.label().equalsIgnoreCase(status.name())).findFirst()
                        .orElseGet(() -> switch (status.category()) {
                            case "in_progress" -> EntryStatus.IN_PROGRESS;
                            case "done" -> EntryStatus.DONE;
                            default -> EntryStatus.TODO;
                        });
                toAlign.put(status.key(), match);
            }
            return new StatusTable(toIllumera, toAlign);
        }

        public StatusTable mapAlign(EntryStatus status, String illumeraKey) {
            var changed = new LinkedHashMap<>(toIllumera);
            changed.put(status, illumeraKey);
            return new StatusTable(changed, toAlign);
        }

        public StatusTable mapIllumera(String illumeraKey, EntryStatus status) {
            var changed = new LinkedHashMap<>(toAlign);
            changed.put(illumeraKey, status);
            return new StatusTable(toIllumera, changed);
        }

        static String category(StatusCategory category) {
            return switch (category) {
                case TO_DO -> "todo";
                case IN_PROGRESS -> "in_progress";
                case DONE -> "done";
            };
        }
    }

    /** The whole mapping of a connection. */
    public record Mapping(Direction direction, List<Row> rows, StatusTable statuses) {
        public Mapping {
            rows = List.copyOf(rows);
        }

        /**
         * The help page's defaults: Entry title → Task name, Entry status → Task status, Assigned user →
         * Assignee, Project → Workspace, Release → Sprint, Due date → Due date, all in the connection's
         * direction. Tracked time has no standard counterpart: it starts switched off.
         */
        public static Mapping defaults(Direction direction, WorkspaceSchema schema) {
            List<Row> rows = new ArrayList<>();
            rows.add(new Row(AlignField.ENTRY_TITLE, IllumeraField.TASK_NAME, direction, true));
            rows.add(new Row(AlignField.ENTRY_STATUS, IllumeraField.TASK_STATUS, direction, true));
            rows.add(new Row(AlignField.ASSIGNED_USER, IllumeraField.ASSIGNEE, direction, true));
            rows.add(new Row(AlignField.PROJECT, IllumeraField.WORKSPACE, direction, true));
            rows.add(new Row(AlignField.RELEASE, IllumeraField.SPRINT, direction, true));
            rows.add(new Row(AlignField.DUE_DATE, IllumeraField.DUE_DATE, direction, true));
            rows.add(new Row(AlignField.TRACKED_TIME, null, direction, false));
            return new Mapping(direction, rows, StatusTable.suggest(schema.statuses()));
        }

        public Row row(AlignField field) {
            return rows.stream().filter(r -> r.alignField() == field).findFirst().orElseThrow();
        }

        public Mapping withRow(Row changed) {
            return new Mapping(direction, rows.stream()
                    .map(r -> r.alignField() == changed.alignField() ? changed : r).toList(), statuses);
        }

        public Mapping withStatuses(StatusTable table) {
            return new Mapping(direction, rows, table);
        }
    }

    /** Why a mapping cannot be saved; {@code row} is null for problems of the whole mapping. */
    public record Problem(AlignField row, String reason) {
    }
}
