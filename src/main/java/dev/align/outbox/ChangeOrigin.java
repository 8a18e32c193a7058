package dev.align.outbox;

/** Who made a change: a person, or the Illumera sync (whose own writes must not be pushed back). */
public enum ChangeOrigin {
    PERSON,
    SYNC
}
