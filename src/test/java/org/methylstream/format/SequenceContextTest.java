package org.methylstream.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Sequence contexts")
@org.junit.jupiter.api.Timeout(10)
class SequenceContextTest {
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(nullValues = "none", value = {"CG, CG", "CGN, CG", "CGT, CG", "CpG, CG", "CpGx, CG", "cgA, CG",
            "CHG, CHG", "CXG, CHG", "CAG, CHG", "CTG, CHG", "CCG, CHG", "CHH, CHH", "CAT, CHH", "CTT, CHH", "CCC, CHH",
            "CHN, none", "CNN, none", "AGT, none", "C, none", "none, none"})
    void contexts(String text, SequenceContext expected) {
        assertEquals(expected, SequenceContext.of(text));
    }
}
