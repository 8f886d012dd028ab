package org.methylstream.format;

import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * An Avro record as one line of JSON for scripts ({@code jq}, pandas): every field under its schema name, nested
 * records as objects, an optional field as its value or {@code null} (not Avro's {@code {"string": ...}} union
 * wrapping), doubles in the shortest form that reads back exactly, as {@link ScoreLine} prints them.
 */
public final class JsonLine {
    private JsonLine() {
    }

    /** The record as a JSON object, without a newline. */
    public static String of(IndexedRecord record) {
        StringBuilder out = new StringBuilder(256);
        appendRecord(out, record);
        return out.toString();
    }

    private static void appendRecord(StringBuilder out, IndexedRecord record) {
        out.append('{');
        boolean first = true;
        for (Schema.Field field : record.getSchema().getFields()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            appendString(out, field.name());
            out.append(':');
            appendValue(out, record.get(field.pos()));
        }
        out.append('}');
    }

    private static void appendValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof IndexedRecord nested) {
            appendRecord(out, nested);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            out.append(Double.isFinite(d) ? ScoreLine.pythonRepr(d) : "null"); // JSON has no NaN or infinity
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof java.time.Instant instant) {
            out.append(instant.toEpochMilli());
        } else {
            appendString(out, value.toString());
        }
    }

    private static void appendString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
