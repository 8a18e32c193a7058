/** Shared value types and rules (text, errors) used by every feature; the embedded database in {@code db}. */
package dev.align.base;
