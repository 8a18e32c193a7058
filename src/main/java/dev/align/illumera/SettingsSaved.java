package dev.align.illumera;

/**
 * Published after the Illumera settings of an organisation were saved: the sync starts at once.
 * {@code widened}: records passed over while the settings were narrower are to be brought across.
 */
public record SettingsSaved(long organisationId, boolean widened) {
}
