package org.methylstream.cli;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.methylstream.admin.GroupProgress;
import org.methylstream.analysis.AnalysisRegistry;
import org.methylstream.avro.Analysis;
import org.methylstream.embedded.KafkaConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code methylstream analyses}: the analyses replay has made, with their parameters. */
@Command(name = "analyses", mixinStandardHelpOptions = true, sortOptions = false,
        header = "List the analyses replay made, with their parameters and progress.",
        description = "List the analyses made by replay: id, parameters, topics, when created, and how many "
                + "records of the sites topic each has yet to score. Tab-separated, one line per analysis "
                + "after a header line.")
final class AnalysesCommand implements Callable<Integer> {
    /** UTC to the second, as {@code analyses} and {@code runs} print times. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() {
        try (KafkaConnection connection = kafka.connect();
             Admin admin = Admin.create(connection.clientProperties())) {
            Map<String, Analysis> analyses = AnalysisRegistry.read(connection.clientProperties());
            System.out.println("analysis\ttest\terror_rate\talpha\tmin_coverage\tinput\toutput\tcreated\tto_score");
            for (Analysis a : analyses.values()) {
                System.out.println(String.join("\t", a.getAnalysisId(), a.getTest(), String.valueOf(a.getErrorRate()),
                        String.valueOf(a.getAlpha()), String.valueOf(a.getMinCoverage()), a.getInputTopic(),
                        a.getOutputTopic(), TIME.format(a.getCreatedAt()),
                        String.valueOf(GroupProgress.lag(admin, a.getApplicationId(), a.getInputTopic()))));
            }
            System.out.flush();
        }
        return 0;
    }
}
