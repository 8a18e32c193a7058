package dev.align.illumera.sync;

import java.util.List;

/**
 * What an initial sync would do now, without doing it: how many entries it would link, create on
 * each side, and how many linked pairs start in conflict, with a few names of each as samples.
 * {@code differing} counts the fields of matched records whose two values differ, neither being blank
 * (the first-link choice settles them; a few pairs as samples); {@code copied} values go across
 * whatever the choice (a blank side filled from the other, a one-way field from its source).
 */
public record DryRun(int link, int createInIllumera, int createInAlign, int conflicts, int duplicates,
                     int projectsToLink, int workspacesToCreate, int projectsToCreate,
                     List<String> sampleCreatesInIllumera, List<String> sampleCreatesInAlign,
                     List<String> sampleConflicts, int differing, int copied, List<String> sampleDifferences) {

    public String summary() {
        return "will link " + link + ", create " + createInIllumera + " in Illumera, " + createInAlign + " in Align, "
                + conflicts + " conflicts" + (duplicates == 0 ? "" : ", " + duplicates + " duplicates skipped");
    }
}
