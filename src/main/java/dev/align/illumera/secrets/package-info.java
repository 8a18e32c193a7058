/**
 * Secrets of the Illumera connection at rest: AES-256-GCM through Google Tink, with the
 * organisation (and the secret's purpose) bound as associated data, keysets that rotate, and an
 * idempotent re-encryption of everything sealed under an older key. Internal to the add-on: its
 * public service decides who may store or read what.
 */
package dev.align.illumera.secrets;
