package dev.align.release;

import java.time.LocalDate;

/** What a person submits when planning or editing a release. */
public record ReleaseDraft(Long projectId, String name, LocalDate releaseDate) {

    public static final int NAME_MAX = 200;
}
