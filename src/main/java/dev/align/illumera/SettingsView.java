package dev.align.illumera;

import dev.align.illumera.mapping.MappingModel.WorkspaceSchema;

/** The saved settings (or the defaults), their version for saving, and the home workspace's schema. */
public record SettingsView(AddOnSettings settings, int version, WorkspaceSchema schema) {
}
