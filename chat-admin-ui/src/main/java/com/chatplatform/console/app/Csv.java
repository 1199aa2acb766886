package com.chatplatform.console.app;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * RFC 4180 CSV (UTF-8, CRLF) for the console's exports. Cells that a spreadsheet would run as a formula
 * (starting with =, +, -, @, tab or CR) are prefixed with an apostrophe: exports hold names typed by tenants.
 */
public final class Csv {

    private Csv() {
    }

    /** The header line and the rows, each a list of cells. */
    public static byte[] write(List<String> header, List<List<String>> rows) {
        StringBuilder csv = new StringBuilder(line(header));
        for (List<String> row : rows) {
            csv.append(line(row));
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String line(List<String> cells) {
        return cells.stream().map(Csv::cell).collect(Collectors.joining(",")) + "\r\n";
    }

    public static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = value;
        char first = text.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0
                || !text.equals(value)) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
