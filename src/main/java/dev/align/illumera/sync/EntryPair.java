package dev.align.illumera.sync;

import dev.align.entry.Entry;
import dev.align.illumera.client.IllumeraModel.Task;
import dev.align.illumera.sync.SyncStore.Link;

/**
 * A linked (or about to be linked) entry and task as a run sees them; {@code task} null means
 * "unchanged in Illumera since the base", {@code entry} null "gone from Align".
 */
record EntryPair(Link link, Entry entry, Task task) {
}
