package org.methylstream.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Readers of methylstream's output layouts written for the tests, independent of the code that writes them: each
 * checks a file as the tool that loads it would (BED against the autoSql {@code .as} file shipped in
 * {@code schemas/}, as {@code bedToBigBed -as -type=bed6+4} does; bedGraph's single track line; allc's 7 columns).
 */
public final class OutputFiles {
    /** The autoSql description of the BED layout, as shipped. */
    public static final Path BED_AS = Path.of("schemas", "methylstream-bed.as");

    public record Bed(String chrom, long start, long end, String name, int score, String strand, int methylated,
                      int unmethylated, double pValue, double minusLog10P) {
    }

    public record BedGraph(String chrom, long start, long end, double minusLog10P) {
    }

    public record Allc(String chrom, long pos, String strand, String context, int mc, int cov, int call) {
    }

    /** One column of an autoSql table: its type (uint, double, char[1], ...) and name. */
    public record AsField(String type, String name) {
    }

    private OutputFiles() {
    }

    /** The columns the {@code .as} file declares, in order. */
    public static List<AsField> bedFields() {
        String text;
        try {
            text = Files.readString(BED_AS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<AsField> fields = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s*(\\w+(?:\\[\\d+])?)\\s+(\\w+)\\s*;\\s*\"[^\"]*\"\\s*$").matcher(text);
        while (m.find()) {
            fields.add(new AsField(m.group(1), m.group(2)));
        }
        assertTrue(text.startsWith("table "), "an autoSql table");
        return fields;
    }

    /** BED lines, each checked against the {@code .as} columns and BED's rules; fails on the first violation. */
    public static List<Bed> readBed(List<String> lines) {
        List<AsField> fields = bedFields();
        assertEquals(List.of("chrom", "chromStart", "chromEnd", "name", "score", "strand"),
                fields.subList(0, 6).stream().map(AsField::name).toList(), "BED6 first");
        List<Bed> records = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = "BED line " + (i + 1) + " '" + line + "': ";
            String[] c = line.split("\t", -1);
            assertEquals(fields.size(), c.length, where + "columns, as the .as file declares");
            for (int f = 0; f < c.length; f++) {
                checkType(fields.get(f), c[f], where);
            }
            long start = Long.parseLong(c[1]);
            long end = Long.parseLong(c[2]);
            int score = Integer.parseInt(c[4]);
            assertTrue(start < end, where + "start before end");
            assertTrue(score <= 1000, where + "score at most 1000");
            assertTrue(c[5].matches("[+.-]"), where + "strand");
            records.add(new Bed(c[0], start, end, c[3], score, c[5], Integer.parseInt(c[6]), Integer.parseInt(c[7]),
                    Double.parseDouble(c[8]), Double.parseDouble(c[9])));
        }
        return records;
    }

    private static void checkType(AsField field, String value, String where) {
        String what = where + field.name() + " (" + field.type() + ") '" + value + "'";
        switch (field.type()) {
            case "string" -> assertTrue(!value.isEmpty() && !value.contains(" "), what);
            case "uint" -> assertTrue(value.matches("\\d+") && Long.parseLong(value) <= 0xFFFFFFFFL, what);
            case "int" -> assertTrue(value.matches("-?\\d+") && Math.abs(Long.parseLong(value)) <= Integer.MAX_VALUE,
                    what);
            case "double", "float" -> {
                try {
                    assertTrue(Double.isFinite(Double.parseDouble(value)), what);
                } catch (NumberFormatException e) {
                    fail(what);
                }
            }
            default -> {
                Matcher chars = Pattern.compile("char\\[(\\d+)]").matcher(field.type());
                assertTrue(chars.matches(), "a type this reader knows: " + field.type());
                assertEquals(Integer.parseInt(chars.group(1)), value.length(), what);
            }
        }
    }

    /** A bedGraph file: one {@code track type=bedGraph} line first, then 4 columns per line. */
    public static List<BedGraph> readBedGraph(List<String> lines) {
        assertTrue(!lines.isEmpty() && lines.get(0).matches("track type=bedGraph( .*)?"), "a track line first");
        List<BedGraph> records = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).split("\t", -1);
            String where = "bedGraph line " + (i + 1) + " '" + lines.get(i) + "'";
            assertEquals(4, c.length, where);
            long start = Long.parseLong(c[1]);
            long end = Long.parseLong(c[2]);
            assertTrue(start >= 0 && start < end, where);
            records.add(new BedGraph(c[0], start, end, Double.parseDouble(c[3])));
        }
        return records;
    }

    /** methylpy allc: {@code chrom pos strand context mc cov methylated_call}, no header. */
    public static List<Allc> readAllc(List<String> lines) {
        List<Allc> records = new ArrayList<>();
        for (String line : lines) {
            String[] c = line.split("\t", -1);
            assertEquals(7, c.length, line);
            assertTrue(c[2].matches("[+.-]") && c[3].matches("C[A-Z]{0,2}"), line);
            int mc = Integer.parseInt(c[4]);
            int cov = Integer.parseInt(c[5]);
            int call = Integer.parseInt(c[6]);
            assertTrue(0 <= mc && mc <= cov && (call == 0 || call == 1), line);
            records.add(new Allc(c[0], Long.parseLong(c[1]), c[2], c[3], mc, cov, call));
        }
        return records;
    }
}
