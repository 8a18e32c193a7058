package dev.align.illumera.ui;

import dev.align.entry.EntryStatus;
import dev.align.entry.StatusCategory;
import dev.align.illumera.history.SyncHistory.ReleaseReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cross-platform report as one SVG per release, drawn on the server (no chart library, no
 * frontend bundle): three stacked bars — entries by Align status, by Illumera status as last synced,
 * and by sync state — and the tracked time. Pure: tested without Vaadin. Every text is escaped.
 */
final class ReportSvg {

    static final int WIDTH = 960;
    private static final int BAR_X = 170;
    private static final int BAR_WIDTH = 400;
    private static final int ROW = 34;

    private ReportSvg() {
    }

    static String release(ReleaseReport report) {
        int total = report.alignStatuses().values().stream().mapToInt(Integer::intValue).sum();
        int height = 44 + 3 * ROW;
        String title = report.project() + " · " + report.release()
                + (report.sprintId() == null ? " (no sprint paired yet)" : " ↔ sprint " + report.sprintId());
        var svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" class=\"release-report\">");
        svg.append("<title>").append(escape(title)).append("</title>");
        svg.append("<desc>").append(escape(describe(report, total))).append("</desc>");
        svg.append("<text x=\"0\" y=\"18\" font-size=\"15\" font-weight=\"600\" fill=\"#1a2433\">")
                .append(escape(title)).append("</text>");
        svg.append("<text x=\"").append(WIDTH).append("\" y=\"18\" font-size=\"13\" text-anchor=\"end\" fill=\"#1a2433\">")
                .append(escape(hours(report.trackedMinutes()) + " tracked in Align")).append("</text>");
        bar(svg, 44, "Align status", segments(report.alignStatuses(), true), total);
        bar(svg, 44 + ROW, "Illumera status", segments(report.illumeraStatuses(), false), total);
        bar(svg, 44 + 2 * ROW, "Sync", syncSegments(report.syncStates()), total);
        return svg.append("</svg>").toString();
    }

    /** The same figures in words, for screen readers and for anyone who prefers to read. */
    static String describe(ReleaseReport report, int total) {
        if (total == 0) {
            return "No entries in this release.";
        }
        return total + " entries, " + hours(report.trackedMinutes()) + " tracked. Align: "
                + words(report.alignStatuses(), true) + ". Illumera: " + words(report.illumeraStatuses(), false)
                + ". Sync: " + words(report.syncStates(), false) + ".";
    }

    private record Segment(String label, int count, String colour) {
    }

    private static void bar(StringBuilder svg, int y, String label, List<Segment> segments, int total) {
        svg.append("<text x=\"0\" y=\"").append(y + 15).append("\" font-size=\"13\" fill=\"#1a2433\">")
                .append(escape(label)).append("</text>");
        if (total == 0) {
            svg.append("<rect x=\"").append(BAR_X).append("\" y=\"").append(y).append("\" width=\"").append(BAR_WIDTH)
                    .append("\" height=\"20\" fill=\"#e8ebef\"/>");
            return;
        }
        double x = BAR_X;
        var legend = new StringBuilder();
        for (Segment segment : segments) {
            double width = (double) BAR_WIDTH * segment.count() / total;
            svg.append("<rect x=\"").append(String.format(java.util.Locale.ROOT, "%.1f", x)).append("\" y=\"").append(y)
                    .append("\" width=\"").append(String.format(java.util.Locale.ROOT, "%.1f", width))
                    .append("\" height=\"20\" fill=\"").append(segment.colour()).append("\"><title>")
                    .append(escape(segment.label() + ": " + segment.count())).append("</title></rect>");
            x += width;
            legend.append(legend.isEmpty() ? "" : ", ").append(segment.label()).append(' ').append(segment.count());
        }
        svg.append("<text x=\"").append(BAR_X + BAR_WIDTH + 8).append("\" y=\"").append(y + 15)
                .append("\" font-size=\"11\" fill=\"#3d4a5c\">").append(escape(abbreviate(legend.toString())))
                .append("</text>");
    }

    private static List<Segment> segments(Map<String, Integer> counts, boolean alignStatuses) {
        List<Segment> segments = new ArrayList<>();
        counts.forEach((status, count) -> {
            String label = alignStatuses ? EntryStatus.valueOf(status).label() : status;
            StatusCategory category = alignStatuses ? EntryStatus.valueOf(status).category() : categoryOf(status);
            segments.add(new Segment(label, count, colour(category)));
        });
        return segments;
    }

    private static List<Segment> syncSegments(Map<String, Integer> states) {
        List<Segment> segments = new ArrayList<>();
        states.forEach((state, count) -> segments.add(switch (state) {
            case "IN_SYNC" -> new Segment("in sync", count, "#2e7d4f");
            case "CONFLICT" -> new Segment("in conflict", count, "#c0392b");
            default -> new Segment("waiting", count, "#b7791f");
        }));
        return segments;
    }

    /** Illumera statuses are shown as the Align status they stand for ("In progress (Illumera: doing)"). */
    private static StatusCategory categoryOf(String shown) {
        for (EntryStatus status : EntryStatus.values()) {
            if (shown.startsWith(status.label() + " ")) {
                return status.category();
            }
        }
        return null;
    }

    private static String colour(StatusCategory category) {
        if (category == null) {
            return "#9aa5b1";
        }
        return switch (category) {
            case TO_DO -> "#7b8794";
            case IN_PROGRESS -> "#2563b0";
            case DONE -> "#2e7d4f";
        };
    }

    private static String words(Map<String, Integer> counts, boolean alignStatuses) {
        var text = new StringBuilder();
        counts.forEach((key, count) -> text.append(text.isEmpty() ? "" : ", ").append(count).append(' ')
                .append(alignStatuses ? EntryStatus.valueOf(key).label() : key.equals("IN_SYNC") ? "in sync"
                        : key.equals("CONFLICT") ? "in conflict" : key.equals("WAITING") ? "waiting" : key));
        return text.toString();
    }

    static String hours(long minutes) {
        return minutes / 60 + " h " + minutes % 60 + " min";
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 59) + "…";
    }

    static String escape(String text) {
        var out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\t') {
                        out.appendCodePoint(c); // control characters are not allowed in XML
                    }
                }
            }
        });
        return out.toString();
    }
}
