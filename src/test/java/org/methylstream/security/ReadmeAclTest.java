package org.methylstream.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** README's ACLs per command are the ones the secured-cluster tests grant: both come from {@link CommandAcls}. */
@DisplayName("README's kafka-acls.sh lines")
@Timeout(10)
class ReadmeAclTest {
    static final String PRINCIPAL = "User:alice";

    @Test
    @DisplayName("are CommandAcls' table, command by command, in the section 'Running on a secured cluster'")
    void readmeListsWhatTheTestsGrant() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("## Running on a secured cluster");
        List<String> lines = readme.subList(section, readme.size()).stream()
                .dropWhile(line -> !line.equals("```sh")).skip(1).takeWhile(line -> !line.equals("```"))
                .filter(line -> !line.isBlank()).toList();
        assertEquals(String.join("\n", CommandAcls.readmeLines(PRINCIPAL)), String.join("\n", lines));
    }
}
