package dev.align.illumera.sync.core;

import dev.align.entry.EntryStatus;
import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.mapping.MappingModel.Mapping;
import dev.align.illumera.mapping.MappingModel.Row;
import dev.align.illumera.sync.core.FieldDecision.Flow;
import dev.align.illumera.sync.core.FieldDecision.Write;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An entry's and a task's mapped fields as the decider compares them, keyed by {@link AlignField}
 * name, each normalised so that equal meanings are equal strings: the status as the home
 * workspace's status key (several Align statuses share one Illumera status, so comparing Align
 * statuses would ping-pong), the assignee as a lower-case e-mail (only people known on both sides;
 * no one is created), dates as ISO dates, tracked time as whole minutes.
 */
public final class EntryFields {

    /** The row fields an entry ↔ task link syncs; the project is the container (linked apart). */
    static final Set<AlignField> SYNCED = Set.of(AlignField.ENTRY_TITLE, AlignField.ENTRY_STATUS,
            AlignField.ASSIGNED_USER, AlignField.RELEASE, AlignField.DUE_DATE, AlignField.TRACKED_TIME);

    private EntryFields() {
    }

    /** What the engine knows about the people and statuses of both sides, for one run. */
    public interface Lookups {
        /** The e-mail of an Illumera member (lower case), or null when unknown. */
        String memberEmail(String memberId);

        /** The Illumera member with this e-mail in the workspace, or null. */
        String memberId(String workspaceId, String email);

        /** True when a person of the organisation has this e-mail (lower case). */
        boolean isPerson(String email);

        /** The home status key a task's status stands for (by key, else by its category). */
        String homeStatus(String workspaceId, String statusKey);

        /** The status key to write in a workspace for a home status key (by key, else by category). */
        String workspaceStatus(String workspaceId, String homeKey);

        /** The sprint linked to a release, or null. */
        String sprintOf(long releaseId);

        /** The release linked to a sprint, or null. */
        Long releaseOf(String sprintId);
    }

    /** An entry's values, as plain data. */
    public record EntryValues(String title, EntryStatus status, String assigneeEmail, LocalDate dueDate,
                              int trackedMinutes, Long releaseId) {
    }

    /** A task's values, as plain data; custom field values as Illumera sent them. */
    public record TaskValues(String workspaceId, String name, String status, String assigneeId, LocalDate dueDate,
                             Map<String, Object> customFields, String sprintId) {
    }

    /** How each mapped field may flow: the row's direction (never wider than the connection's). */
    public static Map<String, Flow> flows(Mapping mapping) {
        Map<String, Flow> flows = new LinkedHashMap<>();
        for (Row row : mapping.rows()) {
            if (row.enabled() && row.target() != null && SYNCED.contains(row.alignField())) {
                flows.put(row.alignField().name(), switch (row.direction()) {
                    case ALIGN_TO_ILLUMERA -> Flow.TO_ILLUMERA;
                    case ILLUMERA_TO_ALIGN -> Flow.TO_ALIGN;
                    case BIDIRECTIONAL -> Flow.BOTH;
                });
            }
        }
        return flows;
    }

    /**
     * An entry's values as they would read in the given workspace: a status the workspace lacks reads
     * as the status it would be written as, and an assignee who is no member there reads as nobody,
     * so that what cannot be written is never taken for a change.
     */
    public static Map<String, String> ofEntry(EntryValues entry, String workspaceId, Mapping mapping, Lookups lookups) {
        Map<String, String> values = new HashMap<>();
        for (String field : flows(mapping).keySet()) {
            values.put(field, switch (AlignField.valueOf(field)) {
                case ENTRY_TITLE -> entry.title();
                case ENTRY_STATUS -> statusIn(entry.status(), workspaceId, mapping, lookups);
                case ASSIGNED_USER -> {
                    String email = entry.assigneeEmail() == null ? null : entry.assigneeEmail().toLowerCase();
                    yield email != null && lookups.memberId(workspaceId, email) != null ? email : null;
                }
                case DUE_DATE -> entry.dueDate() == null ? null : entry.dueDate().toString();
                case TRACKED_TIME -> Integer.toString(entry.trackedMinutes());
                // A release counts once it is paired with a sprint; before that, it is nothing Illumera can hold.
                case RELEASE -> entry.releaseId() == null || lookups.sprintOf(entry.releaseId()) == null ? null
                        : entry.releaseId().toString();
                default -> throw new IllegalStateException(field);
            });
        }
        return values;
    }

    /** The home status key an Align status stands for in a workspace (after the workspace's fallback). */
    private static String statusIn(EntryStatus status, String workspaceId, Mapping mapping, Lookups lookups) {
        String home = status == null ? null : mapping.statuses().toIllumera().get(status);
        return home == null ? null : lookups.homeStatus(workspaceId, lookups.workspaceStatus(workspaceId, home));
    }

    public static Map<String, String> ofTask(TaskValues task, Mapping mapping, Lookups lookups) {
        Map<String, String> values = new HashMap<>();
        for (String field : flows(mapping).keySet()) {
            Row row = mapping.row(AlignField.valueOf(field));
            Object raw = row.target().custom() ? task.customFields().get(row.target().key()) : switch (row.target().key()) {
                case "name" -> task.name();
                case "status" -> task.status();
                case "assigneeId" -> task.assigneeId();
                case "dueDate" -> task.dueDate();
                case "sprintId" -> task.sprintId();
                default -> null;
            };
            values.put(field, normalise(row, raw, task.workspaceId(), lookups));
        }
        return values;
    }

    private static String normalise(Row row, Object raw, String workspaceId, Lookups lookups) {
        if (raw == null) {
            return null;
        }
        String text = raw.toString();
        return switch (row.target().type()) {
            case STATUS -> lookups.homeStatus(workspaceId, text);
            case USER -> {
                String email = lookups.memberEmail(text);
                yield email != null && lookups.isPerson(email) ? email : null;
            }
            case NUMBER -> wholeNumber(text);
            case SPRINT -> {
                Long release = lookups.releaseOf(text);
                yield release == null ? null : release.toString();
            }
            default -> text;
        };
    }

    /** Illumera numbers may come as 90 or 90.0; minutes are whole. Anything else stays as sent (and is refused on write). */
    private static String wholeNumber(String text) {
        try {
            return new BigDecimal(text).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** The task members for writes to Illumera (a create's body or an update's changes). */
    public static Map<String, Object> taskMembers(List<Write> writes, Mapping mapping, String workspaceId,
                                                  Lookups lookups) {
        Map<String, Object> members = new LinkedHashMap<>();
        Map<String, Object> custom = new LinkedHashMap<>();
        for (Write write : writes) {
            Row row = mapping.row(AlignField.valueOf(write.field()));
            String value = write.after();
            Object out = value == null ? null : switch (row.target().type()) {
                case STATUS -> lookups.workspaceStatus(workspaceId, value);
                case USER -> lookups.memberId(workspaceId, value);
                case NUMBER -> new BigDecimal(value);
                case SPRINT -> lookups.sprintOf(Long.parseLong(value));
                default -> value;
            };
            if (row.target().custom()) {
                custom.put(row.target().key(), out);
            } else {
                members.put(row.target().key(), out);
            }
        }
        if (!custom.isEmpty()) {
            members.put("customFields", custom);
        }
        return members;
    }

    /**
     * An entry with Illumera's values applied. A status Illumera has no Align counterpart for, or a
     * value Align cannot hold, is refused with the reason (the run reports it; nothing is dropped silently).
     */
    public static EntryValues applyToEntry(EntryValues entry, List<Write> writes, String workspaceId, Mapping mapping,
                                           Lookups lookups) {
        Map<String, EntryStatus> homeToAlign = mapping.statuses().toAlign();
        String title = entry.title();
        EntryStatus status = entry.status();
        String assignee = entry.assigneeEmail();
        LocalDate due = entry.dueDate();
        int minutes = entry.trackedMinutes();
        Long release = entry.releaseId();
        for (Write write : writes) {
            String value = write.after();
            switch (AlignField.valueOf(write.field())) {
                case ENTRY_TITLE -> title = value;
                case ENTRY_STATUS -> {
                    EntryStatus mapped = value == null ? null : homeToAlign.get(value);
                    if (mapped == null) {
                        throw new IllegalArgumentException("Illumera status '" + value + "' has no Align status in the status table");
                    }
                    // Keep the finer Align status when it already stands for this Illumera status.
                    if (status == null || !value.equals(statusIn(status, workspaceId, mapping, lookups))) {
                        status = mapped;
                    }
                }
                case ASSIGNED_USER -> assignee = value;
                case DUE_DATE -> due = value == null ? null : parseDate(value);
                case TRACKED_TIME -> minutes = value == null ? 0 : parseMinutes(value);
                case RELEASE -> release = value == null ? null : Long.valueOf(value);
                default -> throw new IllegalStateException(write.field());
            }
        }
        return new EntryValues(title, status, assignee, due, minutes, release);
    }

    private static LocalDate parseDate(String value) {
        try {
            return LocalDate.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a date");
        }
    }

    private static int parseMinutes(String value) {
        try {
            return new BigDecimal(value).intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number of minutes");
        }
    }
}
