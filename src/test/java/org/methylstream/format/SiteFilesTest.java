package org.methylstream.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SiteFiles applies one bad-line policy across files")
class SiteFilesTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
    }

    @Test
    @DisplayName("by default the first bad line stops reading and is thrown as FILE:LINE: reason")
    void stopsAtFirstBadLine() throws Exception {
        Path a = file("a.txt", "c\t1\t1\t1\nc\t2\t-1\t1\nc\t3\t1\tz\n");
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        SiteFiles files = new SiteFiles(List.of(a.toString()), InputSettings.of(null), false, new PrintStream(errors, true));
        List<Long> positions = new ArrayList<>();
        InvalidSiteException e = assertThrows(InvalidSiteException.class,
                () -> files.forEach((input, site) -> positions.add(site.position())));
        assertEquals(a + ":2: column 3 (methylated) is negative: -1", e.getMessage());
        assertEquals(List.of(1L), positions);
        assertEquals("", errors.toString(StandardCharsets.UTF_8), "nothing is printed; the caller reports");
    }

    @Test
    @DisplayName("skipping invalid lines reports each on the error stream, passes on the good ones with their input, counts both")
    void skipsAndCounts() throws Exception {
        Path a = file("a.txt", "c\t1\t1\t1\nc\t2\t-1\t1\nc\t3\t1\tz\n");
        Path b = file("b.txt", "d\t1\t+\tCG\t1\t2\t0\nd\t2\t+\tCG\t3\t2\t1\nd\t3\t-\tCHG\t0\t9\t0\n");
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        SiteFiles files = new SiteFiles(List.of(a.toString(), b.toString()), InputSettings.of(null), true, new PrintStream(errors, true));
        List<String> sites = new ArrayList<>();
        files.forEach((input, site) -> sites.add(Path.of(input).getFileName() + " " + site.chromosome() + ":" + site.position()));
        assertEquals(List.of("a.txt c:1", "b.txt d:1", "b.txt d:3"), sites);
        assertEquals(a + ":2: column 3 (methylated) is negative: -1\n"
                + a + ":3: column 4 (unmethylated) is not an integer: 'z'\n"
                + b + ":2: column 5 (mc_count) 3 exceeds column 6 (total) 2\n", errors.toString(StandardCharsets.UTF_8));
        assertEquals(3, files.sites());
        assertEquals(3, files.invalidLines());
    }

    @Test
    @DisplayName("each file detects its own format")
    void formatPerFile() throws Exception {
        Path seed = file("s.txt", "c\t1\t1\t1\n");
        Path cov = file("s.cov", "c\t2\t2\t50\t1\t1\n");
        List<String> sites = new ArrayList<>();
        new SiteFiles(List.of(seed.toString(), cov.toString()), InputSettings.of(null), false, System.err)
                .forEach((input, site) -> sites.add(site.position() + "/" + site.coverage()));
        assertEquals(List.of("1/2", "2/2"), sites);
    }
}
