package org.methylstream.dashboard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An independent parser of the Prometheus text exposition format (version 0.0.4), for tests: every sample line
 * {@code name{label="value",...} number [timestamp]} with the format's label escapes; comment lines must be
 * {@code # HELP} or {@code # TYPE} lines of a known type. Anything else fails the parse.
 */
public final class PrometheusMetrics {
    /** One sample: its metric name, labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private PrometheusMetrics() {
    }

    public static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] words = line.split(" ", 4);
                if (words.length >= 4 && words[1].equals("TYPE")) {
                    if (!List.of("counter", "gauge", "histogram", "summary", "untyped").contains(words[3])) {
                        throw new IllegalArgumentException(lineNumber + ": unknown type " + words[3]);
                    }
                    types.put(words[2], words[3]);
                } else if (words.length < 3 || !words[1].equals("HELP")) {
                    throw new IllegalArgumentException(lineNumber + ": not a HELP or TYPE comment: " + line);
                }
                continue;
            }
            samples.add(sample(line, lineNumber));
        }
        return samples;
    }

    private static Sample sample(String line, int lineNumber) {
        int i = 0;
        while (i < line.length() && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_'
                || line.charAt(i) == ':')) {
            i++;
        }
        String name = line.substring(0, i);
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            throw new IllegalArgumentException(lineNumber + ": bad metric name: " + line);
        }
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int equals = line.indexOf('=', i);
                String label = line.substring(i, equals).trim();
                if (line.charAt(equals + 1) != '"') {
                    throw new IllegalArgumentException(lineNumber + ": label value not quoted: " + line);
                }
                StringBuilder value = new StringBuilder();
                int j = equals + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char escaped = line.charAt(++j);
                        value.append(switch (escaped) {
                            case 'n' -> '\n';
                            case '\\' -> '\\';
                            case '"' -> '"';
                            default -> throw new IllegalArgumentException(lineNumber + ": bad escape \\" + escaped);
                        });
                    } else {
                        value.append(c);
                    }
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        String[] rest = line.substring(i).trim().split(" ");
        if (rest.length < 1 || rest.length > 2) {
            throw new IllegalArgumentException(lineNumber + ": expected a value and maybe a timestamp: " + line);
        }
        double value = switch (rest[0]) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(rest[0]);
        };
        return new Sample(name, labels, value);
    }

    /** The value of the one sample with this name and these labels (among others). */
    public static double value(List<Sample> samples, String name, Map<String, String> labels) {
        List<Sample> matching = samples.stream().filter(s -> s.name().equals(name)
                && s.labels().entrySet().containsAll(labels.entrySet())).toList();
        if (matching.size() != 1) {
            throw new AssertionError(matching.size() + " samples " + name + labels + ", expected one");
        }
        return matching.get(0).value();
    }
}
