package dev.align.illumera;

/** Published after the Illumera settings of an organisation were saved: the sync starts at once. */
public record SettingsSaved(long organisationId) {
}
