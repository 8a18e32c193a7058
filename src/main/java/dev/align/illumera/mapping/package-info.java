/**
 * The field mapping model (pure Java, no Spring): which Align field goes to which Illumera field,
 * in which direction, with the help page's defaults, type rules that give a reason for every
 * refusal, and the status value table.
 */
package dev.align.illumera.mapping;
