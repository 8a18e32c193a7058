package dev.align.illumera.history;

import dev.align.entry.EntryStatus;
import dev.align.illumera.AddOnSettings;
import dev.align.illumera.mapping.AlignField;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns the sync's stored values (status keys, e-mails, release ids, entry and task ids) into what
 * a person recognises: the Align status a key stands for, people's names, release names, entry
 * titles and task names. One query per kind for a whole page of rows, each scoped to the organisation.
 */
@Component
class ValueNames {

    private static final TypeReference<Map<String, String>> BASE = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ValueNames(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The names needed for a page: collect the raw values first, then {@link #load}. */
    final class Page {
        private final long organisationId;
        private final Set<String> emails = new HashSet<>();
        private final Set<Long> releases = new HashSet<>();
        private final Set<Long> entries = new HashSet<>();
        private final Set<String> tasks = new HashSet<>();
        private Map<String, String> people = Map.of();
        private Map<Long, String> releaseNames = Map.of();
        private Map<Long, String> entryTitles = Map.of();
        private Map<String, String> taskNames = Map.of();
        private Map<String, EntryStatus> statuses = Map.of();
        private boolean hasStatuses;

        Page(long organisationId) {
            this.organisationId = organisationId;
        }

        void record(Long entryId, String taskId) {
            if (entryId != null) {
                entries.add(entryId);
            }
            if (taskId != null) {
                tasks.add(taskId);
            }
        }

        void value(String field, String value) {
            if (value == null || value.isEmpty()) {
                return;
            }
            if (AlignField.ASSIGNED_USER.name().equals(field)) {
                emails.add(value);
            } else if (AlignField.RELEASE.name().equals(field)) {
                parseId(value).ifPresent(releases::add);
            } else if (AlignField.ENTRY_STATUS.name().equals(field)) {
                hasStatuses = true;
            }
        }

        /**
         * One query per kind that the page holds, none for kinds it does not: a page of title changes costs
         * one query (tasks with their linked entries), a page with statuses reads the saved table once.
         */
        Page load() {
            people = lookup(emails, "SELECT LOWER(u.email), u.display_name FROM app_user u JOIN membership m"
                    + " ON m.user_id = u.id WHERE m.organisation_id = :org AND LOWER(u.email) IN (:keys)", String.class);
            releaseNames = lookup(releases, "SELECT id, name FROM work_release WHERE organisation_id = :org"
                    + " AND id IN (:keys)", Long.class);
            taskNames = new HashMap<>();
            Map<Long, String> titles = new HashMap<>();
            for (List<String> chunk : chunks(List.copyOf(tasks))) {
                jdbc.sql("SELECT l.illumera_id, l.base, e.id, e.title FROM illumera_link l LEFT JOIN entry e"
                                + " ON e.id = l.align_id AND e.organisation_id = l.organisation_id"
                                + " WHERE l.organisation_id = :org AND l.record_type = 'ENTRY' AND l.illumera_id IN (:keys)")
                        .param("org", organisationId).param("keys", chunk)
                        .query((rs, n) -> {
                            String base = rs.getString(2);
                            String name = base == null ? null : json.readValue(base, BASE).get(AlignField.ENTRY_TITLE.name());
                            if (name != null) {
                                taskNames.put(rs.getString(1), name);
                            }
                            if (rs.getString(4) != null) {
                                titles.put(rs.getLong(3), rs.getString(4));
                            }
                            return null;
                        }).list();
            }
            List<Long> untitled = entries.stream().filter(id -> !titles.containsKey(id)).toList();
            titles.putAll(lookup(untitled, "SELECT id, title FROM entry WHERE organisation_id = :org AND id IN (:keys)",
                    Long.class));
            entryTitles = titles;
            statuses = hasStatuses ? statusTable(organisationId) : Map.of();
            return this;
        }

        private <K> Map<K, String> lookup(Collection<K> keys, String sql, Class<K> keyType) {
            if (keys.isEmpty()) {
                return Map.of();
            }
            Map<K, String> names = new HashMap<>();
            for (List<K> chunk : chunks(List.copyOf(keys))) {
                jdbc.sql(sql).param("org", organisationId).param("keys", chunk)
                        .query((rs, n) -> names.put(rs.getObject(1, keyType), rs.getString(2))).list();
            }
            return names;
        }

        String entryTitle(Long entryId) {
            return entryId == null ? null : entryTitles.get(entryId);
        }

        /** The task's name as both sides last agreed it (the link's base), when its title is synced. */
        String taskName(String taskId) {
            return taskId == null ? null : taskNames.get(taskId);
        }

        /** A field's value as a person reads it; raw where no name is known (a person since removed, say). */
        String display(String field, String value) {
            if (value == null || value.isEmpty()) {
                return "—";
            }
            if (AlignField.ENTRY_STATUS.name().equals(field)) {
                EntryStatus status = statuses.get(value);
                return status == null ? value : status.label() + " (Illumera: " + value + ")";
            }
            if (AlignField.ASSIGNED_USER.name().equals(field)) {
                String name = people.get(value);
                return name == null ? value : name + " <" + value + ">";
            }
            if (AlignField.RELEASE.name().equals(field)) {
                return parseId(value).map(releaseNames::get).orElse("release #" + value);
            }
            return value;
        }
    }

    Page page(long organisationId) {
        return new Page(organisationId);
    }

    /** The saved conflict policy in words, or null before the first save. */
    String policy(long organisationId) {
        return settings(organisationId).map(s -> s.conflictPolicy().label()).orElse(null);
    }

    private java.util.Optional<AddOnSettings> settings(long organisationId) {
        return jdbc.sql("SELECT settings FROM illumera_settings WHERE organisation_id = ?").param(organisationId)
                .query(String.class).optional().map(settings -> json.readValue(settings, AddOnSettings.class));
    }

    /** What each Illumera status key stands for in Align, from the saved status table. */
    private Map<String, EntryStatus> statusTable(long organisationId) {
        return settings(organisationId).map(s -> s.mapping().statuses().toAlign()).orElse(Map.of());
    }

    private static java.util.Optional<Long> parseId(String value) {
        try {
            return java.util.Optional.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        Function<Integer, List<T>> chunk = from -> all.subList(from, Math.min(all.size(), from + 500));
        return java.util.stream.IntStream.iterate(0, i -> i < all.size(), i -> i + 500).mapToObj(chunk::apply).toList();
    }
}
