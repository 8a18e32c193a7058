package dev.align.illumera.sync.core;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The first step of an initial sync (SYNC-DESIGN, PRODUCT §3): link what already exists before
 * creating anything. Records are matched by the {@code align:} reference first, then by name
 * (case, accents and surrounding spaces aside); a name shared by several records on one side is not
 * guessed at. What stays unmatched is created on the other side, as the direction allows.
 */
public final class InitialMatcher {

    private InitialMatcher() {
    }

    /** An Align record: its id and name. */
    public record AlignRecord(long id, String name) {
    }

    /** An Illumera record: its id, name and externalRef. */
    public record IllumeraRecord(String id, String name, String externalRef) {
    }

    /** The plan; a dry-run shows its counts and a few samples, a real run carries it out. */
    public record Plan(Map<Long, String> links, List<AlignRecord> createInIllumera,
                       List<IllumeraRecord> createInAlign, List<IllumeraRecord> duplicates,
                       List<String> ambiguousNames, List<AlignRecord> heldInAlign, List<IllumeraRecord> heldInIllumera) {

        public String summary() {
            return "will link " + links.size() + ", create " + createInIllumera.size() + " in Illumera, "
                    + createInAlign.size() + " in Align" + (duplicates.isEmpty() ? "" : ", skip "
                    + duplicates.size() + " duplicates") + (ambiguousNames.isEmpty() ? "" : ", leave "
                    + ambiguousNames.size() + " ambiguous names to a person");
        }
    }

    /**
     * Pass Illumera's records oldest first: of several tasks naming the same entry, the oldest is the
     * one linked, and the later ones are the import copies.
     *
     * @param refPrefix the externalRef prefix of this record type, e.g. {@code align:entry:}
     * @param linked    links that exist already (Align id → Illumera id), e.g. kept from an earlier connection
     */
    public static Plan plan(List<AlignRecord> align, List<IllumeraRecord> illumera, Map<Long, String> linked,
                            String refPrefix, boolean createInIllumera, boolean createInAlign) {
        Map<Long, String> links = new LinkedHashMap<>(linked);
        Set<String> taken = new HashSet<>(linked.values());
        Set<Long> alignIds = new HashSet<>();
        align.forEach(a -> alignIds.add(a.id()));
        List<IllumeraRecord> duplicates = new ArrayList<>();

        // 1. By our own reference: the task says which entry it came from.
        for (IllumeraRecord record : illumera) {
            if (taken.contains(record.id())) {
                continue;
            }
            referencedId(record.externalRef(), refPrefix).ifPresent(alignId -> {
                if (!alignIds.contains(alignId)) {
                    return;
                }
                if (links.containsKey(alignId)) {
                    duplicates.add(record); // an import copy of an entry already linked
                } else {
                    links.put(alignId, record.id());
                }
                taken.add(record.id());
            });
        }

        // 2. By name, only where the name is unique on both sides.
        Map<String, List<AlignRecord>> alignByName = new HashMap<>();
        align.stream().filter(a -> !links.containsKey(a.id()))
                .forEach(a -> alignByName.computeIfAbsent(key(a.name()), k -> new ArrayList<>()).add(a));
        Map<String, List<IllumeraRecord>> illumeraByName = new HashMap<>();
        illumera.stream().filter(i -> !taken.contains(i.id()))
                .forEach(i -> illumeraByName.computeIfAbsent(key(i.name()), k -> new ArrayList<>()).add(i));
        List<String> ambiguous = new ArrayList<>();
        for (var entry : alignByName.entrySet()) {
            List<IllumeraRecord> candidates = illumeraByName.getOrDefault(entry.getKey(), List.of());
            if (candidates.isEmpty()) {
                continue;
            }
            if (entry.getValue().size() == 1 && candidates.size() == 1) {
                links.put(entry.getValue().getFirst().id(), candidates.getFirst().id());
                taken.add(candidates.getFirst().id());
            } else {
                ambiguous.add(entry.getValue().getFirst().name());
            }
        }
        Set<String> ambiguousKeys = new HashSet<>();
        ambiguous.forEach(name -> ambiguousKeys.add(key(name)));

        // 3. The rest is created on the other side, where the direction allows.
        List<AlignRecord> toIllumera = !createInIllumera ? List.of() : align.stream()
                .filter(a -> !links.containsKey(a.id()) && !ambiguousKeys.contains(key(a.name()))).toList();
        List<IllumeraRecord> toAlign = !createInAlign ? List.of() : illumera.stream()
                .filter(i -> !taken.contains(i.id()) && !ambiguousKeys.contains(key(i.name()))).toList();
        List<AlignRecord> heldAlign = align.stream()
                .filter(a -> !links.containsKey(a.id()) && ambiguousKeys.contains(key(a.name()))).toList();
        List<IllumeraRecord> heldIllumera = illumera.stream()
                .filter(i -> !taken.contains(i.id()) && ambiguousKeys.contains(key(i.name()))).toList();
        return new Plan(links, toIllumera, toAlign, List.copyOf(duplicates), List.copyOf(ambiguous), heldAlign,
                heldIllumera);
    }

    /** The Align id an {@code align:<type>:<id>} reference names (digits only), if it is one. */
    public static Optional<Long> referencedId(String externalRef, String prefix) {
        if (externalRef == null || !externalRef.startsWith(prefix)) {
            return Optional.empty();
        }
        String id = externalRef.substring(prefix.length());
        if (!id.matches("\\d{1,18}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(id));
    }

    /** Names compare as people read them: trimmed, without accents, case-insensitive. */
    static String key(String name) {
        String decomposed = Normalizer.normalize(name == null ? "" : name.strip(), Normalizer.Form.NFD);
        return decomposed.replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }
}
