/**
 * The sync engine's pure core (SYNC-DESIGN "one record, one decision"): given the base (the values
 * both sides last agreed on), the Align values and the Illumera values of one linked record, decide
 * per mapped field what to write where, what conflicts, and the new base. Plain Java over plain
 * values: no Spring, no HTTP, no database, so every rule is tested in milliseconds.
 */
package dev.align.illumera.sync.core;
