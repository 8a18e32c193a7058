package dev.align.audit;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;

/**
 * The trail as CSV (Apache Commons CSV: quoting of commas, quotes and line breaks). A cell that a
 * spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return) is
 * written with a leading apostrophe, so opening the export can never execute what someone typed. (To
 * check an exported record against its hash, drop that apostrophe first: the hash covers what was stored.)
 */
final class AuditCsv implements AutoCloseable {

    static final String[] HEADER = {"id", "occurred_at", "actor", "role", "support_acting", "action", "target",
        "outcome", "difference", "client_ip", "request_id", "previous_hash", "hash"};

    private final CSVPrinter printer;

    AuditCsv(Writer out) throws IOException {
        this.printer = CSVFormat.RFC4180.builder().setHeader(HEADER).get().print(out);
    }

    void write(AuditRecord record) throws IOException {
        printer.printRecord(record.id(), record.occurredAt(), safe(record.actorEmail()), record.actorRole(),
                record.supportActing(), safe(record.action()), safe(record.target()), record.outcome(),
                safe(record.difference()), safe(record.clientIp()), safe(record.requestId()),
                record.previousHash() == null ? "" : record.previousHash(), record.hash() == null ? "" : record.hash());
    }

    static String safe(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        char first = cell.charAt(0);
        // Full-width forms too: some spreadsheets read them as the ASCII operators.
        return "=+-@\t\r\uFF1D\uFF0B\uFF0D\uFF20".indexOf(first) >= 0 ? "'" + cell : cell;
    }

    @Override
    public void close() throws IOException {
        printer.close(true);
    }
}
