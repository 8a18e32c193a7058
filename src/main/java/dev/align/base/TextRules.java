package dev.align.base;

import java.text.Normalizer;
import java.util.Optional;

/**
 * The rules for text typed by people, shared by forms (to show the message on the field) and by
 * services (which enforce them whatever the caller). Lengths count characters as people and
 * MariaDB's utf8mb4 columns do (code points), not UTF-16 units.
 */
public final class TextRules {

    private TextRules() {
    }

    /** Trimmed and NFC-normalised, so that visually equal names compare equal. */
    public static String normalise(String value) {
        return value == null ? "" : Normalizer.normalize(value.strip(), Normalizer.Form.NFC);
    }

    public static Optional<String> problem(String value, boolean required, int maxChars, boolean multiLine) {
        String text = normalise(value);
        if (text.isEmpty()) {
            return required ? Optional.of("This field is required.") : Optional.empty();
        }
        int length = text.codePointCount(0, text.length());
        if (length > maxChars) {
            return Optional.of("At most " + maxChars + " characters allowed (this has " + length + ").");
        }
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (isRefused(cp, multiLine)) {
                return Optional.of(String.format(
                        "Contains a control or invisible formatting character (U+%04X) that cannot be stored.", cp));
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    /**
     * Text from outside (another system's answer) made safe to log and show: line breaks and tabs become
     * spaces, other control, bidirectional-override and invisible formatting characters are dropped, and
     * it is cut at {@code maxChars} code points. Null stays null.
     */
    public static String printable(String value, int maxChars) {
        if (value == null) {
            return null;
        }
        var text = new StringBuilder(Math.min(value.length(), maxChars));
        int kept = 0;
        for (int i = 0; i < value.length() && kept < maxChars; ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n' || cp == '\r' || cp == '\t') {
                text.append(' ');
                kept++;
            } else if (!isRefused(cp, false) && Character.getType(cp) != Character.FORMAT) {
                text.appendCodePoint(cp);
                kept++;
            }
        }
        return kept == maxChars && text.length() < value.length() ? text + "…" : text.toString();
    }

    private static boolean isRefused(int cp, boolean multiLine) {
        if (multiLine && (cp == '\n' || cp == '\r' || cp == '\t')) {
            return false;
        }
        if (Character.isISOControl(cp)) {
            return true;
        }
        if (Character.getType(cp) == Character.SURROGATE) {
            return true; // an unpaired surrogate is not a character at all
        }
        // Bidirectional overrides and isolates can make text read differently than it is stored.
        boolean bidiControl = (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
        boolean nonCharacter = (cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF);
        return bidiControl || nonCharacter;
    }
}
