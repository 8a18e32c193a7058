package dev.align.base;

/** A LIKE pattern that matches the text literally, wherever it occurs. */
public final class Like {

    private Like() {
    }

    public static String containing(String text) {
        String escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
