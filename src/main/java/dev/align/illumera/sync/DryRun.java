package dev.align.illumera.sync;

import java.util.List;

/**
 * What an initial sync would do now, without doing it: how many entries it would link, create on
 * each side, and how many linked pairs start in conflict, with a few names of each as samples.
 */
public record DryRun(int link, int createInIllumera, int createInAlign, int conflicts, int duplicates,
                     int projectsToLink, int workspacesToCreate, int projectsToCreate,
                     List<String> sampleCreatesInIllumera, List<String> sampleCreatesInAlign,
                     List<String> sampleConflicts) {

    public String summary() {
        return "will link " + link + ", create " + createInIllumera + " in Illumera, " + createInAlign + " in Align, "
                + conflicts + " conflicts" + (duplicates == 0 ? "" : ", " + duplicates + " duplicates skipped");
    }
}
