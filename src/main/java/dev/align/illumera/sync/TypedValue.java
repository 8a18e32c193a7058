package dev.align.illumera.sync;

import dev.align.base.InvalidInputException;
import dev.align.entry.Entry;
import dev.align.entry.EntryDraft;
import dev.align.entry.EntryStatus;
import dev.align.illumera.mapping.AlignField;
import dev.align.organisation.Person;
import dev.align.release.Release;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A value a person typed to settle a conflict, turned into the entry as it would be saved: the same
 * checks as the entry form then apply (length, characters, dates, minutes). People are named by
 * e-mail, releases by name within the entry's project, statuses by their Align name; empty clears
 * the assignee, due date or release.
 */
final class TypedValue {

    private TypedValue() {
    }

    static EntryDraft apply(Entry entry, String field, String typed, List<Person> people, List<Release> releases) {
        String value = typed == null ? "" : typed.strip();
        EntryDraft now = new EntryDraft(entry.getProjectId(), entry.getReleaseId(), entry.getTitle(), entry.getStatus(),
                entry.getAssigneeId(), entry.getDueDate(), entry.getTrackedMinutes());
        return switch (AlignField.valueOf(field)) {
            case ENTRY_TITLE -> new EntryDraft(now.projectId(), now.releaseId(), typed, now.status(), now.assigneeId(),
                    now.dueDate(), now.trackedMinutes());
            case ENTRY_STATUS -> new EntryDraft(now.projectId(), now.releaseId(), now.title(), status(value),
                    now.assigneeId(), now.dueDate(), now.trackedMinutes());
            case ASSIGNED_USER -> new EntryDraft(now.projectId(), now.releaseId(), now.title(), now.status(),
                    value.isEmpty() ? null : person(value, people), now.dueDate(), now.trackedMinutes());
            case DUE_DATE -> new EntryDraft(now.projectId(), now.releaseId(), now.title(), now.status(),
                    now.assigneeId(), value.isEmpty() ? null : date(value), now.trackedMinutes());
            case TRACKED_TIME -> new EntryDraft(now.projectId(), now.releaseId(), now.title(), now.status(),
                    now.assigneeId(), now.dueDate(), minutes(value));
            case RELEASE -> new EntryDraft(now.projectId(), value.isEmpty() ? null : release(value, entry, releases),
                    now.title(), now.status(), now.assigneeId(), now.dueDate(), now.trackedMinutes());
            case PROJECT -> throw new InvalidInputException("value", "A project cannot be typed; choose a side.");
        };
    }

    private static EntryStatus status(String value) {
        return Arrays.stream(EntryStatus.values())
                .filter(s -> s.label().equalsIgnoreCase(value) || s.name().equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException("value", "Type one of the statuses: "
                        + String.join(", ", Arrays.stream(EntryStatus.values()).map(EntryStatus::label).toList()) + "."));
    }

    private static long person(String email, List<Person> people) {
        return people.stream().filter(p -> p.email().equalsIgnoreCase(email)).findFirst()
                .map(Person::userId)
                .orElseThrow(() -> new InvalidInputException("value", "No one in this organisation has the e-mail "
                        + email + "."));
    }

    private static LocalDate date(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("value", "Write the date as YYYY-MM-DD, e.g. 2026-12-31.");
        }
    }

    private static int minutes(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("value", "Type the tracked time as whole minutes, e.g. 90.");
        }
    }

    private static long release(String name, Entry entry, List<Release> releases) {
        return releases.stream()
                .filter(r -> r.getProjectId() == entry.getProjectId() && r.getName().toLowerCase(Locale.ROOT)
                        .equals(name.toLowerCase(Locale.ROOT)))
                .findFirst().map(Release::getId)
                .orElseThrow(() -> new InvalidInputException("value", "The entry's project has no release named "
                        + name + "."));
    }
}
