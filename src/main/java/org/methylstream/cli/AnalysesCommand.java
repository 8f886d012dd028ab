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
        description = "List the analyses made by replay: id, parameters, topics, when created, how many "
                + "records of the sites topic each has yet to score, and where its error rates come from "
                + "(control, control_by, min_control_coverage, error_rates; - for none). Tab-separated, one "
                + "line per analysis after a header line.")
final class AnalysesCommand implements Callable<Integer> {
    /** UTC to the second, as {@code analyses} and {@code runs} print times. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String NONE = "-";

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() {
        try (KafkaConnection connection = kafka.connect();
             Admin admin = Admin.create(connection.clientProperties())) {
            Map<String, Analysis> analyses = AnalysisRegistry.read(connection.clientProperties());
            // the error rates' columns last: the columns before them stay where they were
            System.out.println("analysis\ttest\terror_rate\talpha\tmin_coverage\tinput\toutput\tcreated\tto_score"
                    + "\tcontrol\tcontrol_by\tmin_control_coverage\terror_rates");
            for (Analysis a : analyses.values()) {
                boolean controlled = !a.getControl().isEmpty();
                System.out.println(String.join("\t", a.getAnalysisId(), a.getTest(), String.valueOf(a.getErrorRate()),
                        String.valueOf(a.getAlpha()), String.valueOf(a.getMinCoverage()), a.getInputTopic(),
                        a.getOutputTopic(), TIME.format(a.getCreatedAt()),
                        String.valueOf(GroupProgress.lag(admin, a.getApplicationId(), a.getInputTopic())),
                        controlled ? String.join(",", a.getControl()) : NONE,
                        controlled ? (a.getControlByContext() ? "context" : "sample") : NONE,
                        controlled ? String.valueOf(a.getMinControlCoverage()) : NONE,
                        a.getErrorRatesFile() == null ? NONE : a.getErrorRatesFile()));
            }
            System.out.flush();
        }
        return 0;
    }
}
