package org.methylstream.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SignificantSite;

@DisplayName("A record as a JSON line (watch --format json)")
class JsonLineTest {
    @Test
    @DisplayName("has every field, nested records as objects, optional fields as value or null, exact doubles")
    void everyField() {
        SignificantSite site = SignificantSite.newBuilder()
                .setSite(MethylationSite.newBuilder().setSampleId("liver \"1\"").setChromosome("chr1").setPosition(100)
                        .setStrand("+").setContext(null).setMethylated(5).setUnmethylated(5).build())
                .setCoverage(10).setPValue(2.221040763883181e-08).setMinusLog10PValue(7.653485)
                .setTest("upper").setErrorRate(0.006).setAlpha(1e-5).setAnalysisId("default")
                .setErrorRateSource("control chrL").build();
        assertEquals("{\"site\":{\"sampleId\":\"liver \\\"1\\\"\",\"chromosome\":\"chr1\",\"position\":100,"
                + "\"strand\":\"+\",\"context\":null,\"methylated\":5,\"unmethylated\":5,\"span\":null},\"coverage\":10,"
                + "\"pValue\":2.221040763883181e-08,\"minusLog10PValue\":7.653485,\"test\":\"upper\","
                + "\"errorRate\":0.006,\"alpha\":1e-05,\"analysisId\":\"default\",\"errorRateSource\":\"control chrL\"}",
                JsonLine.of(site));
    }
}
