package org.methylstream.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.methylstream.format.InvalidSiteException;

/**
 * Known per-sample error rates, {@code sample<TAB>rate} per line ({@code #} comments and blank lines skipped; a
 * header line {@code sample rate} is allowed).
 */
public final class ErrorRateFile {
    private ErrorRateFile() {
    }

    /**
     * @throws InvalidSiteException {@code FILE:LINE: reason} for a line that is not a sample and a rate in (0, 1), or
     *                              a sample given twice
     */
    public static Map<String, Double> read(Path file) throws IOException, InvalidSiteException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        Map<String, Double> rates = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] columns = trimmed.split("\t");
                if (number == 1 && columns.length == 2 && columns[0].equals("sample") && columns[1].equals("rate")) {
                    continue;
                }
                if (columns.length != 2) {
                    throw new InvalidSiteException(file.toString(), number, "expected 2 tab-separated columns"
                            + " (sample, rate), found " + columns.length);
                }
                double rate;
                try {
                    rate = Double.parseDouble(columns[1].strip());
                } catch (NumberFormatException e) {
                    throw new InvalidSiteException(file.toString(), number, "rate is not a number: " + columns[1]);
                }
                if (!(rate > 0 && rate < 1)) {
                    throw new InvalidSiteException(file.toString(), number,
                            "rate must be strictly between 0 and 1, got " + columns[1]);
                }
                if (rates.put(columns[0].strip(), rate) != null) {
                    throw new InvalidSiteException(file.toString(), number, "sample " + columns[0] + " given twice");
                }
            }
        }
        return rates;
    }
}
