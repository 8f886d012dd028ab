package org.methylstream.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.methylstream.embedded.KafkaConnection;
import org.methylstream.lifecycle.Footprint;
import org.methylstream.lifecycle.Inventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code methylstream runs}: the runs and analyses the cluster holds, and the space each takes. */
@Command(name = "runs", mixinStandardHelpOptions = true, sortOptions = false,
        header = "List runs and analyses on the cluster with the space each takes.",
        description = "One tab-separated line per run or analysis after a header line: kind (run or analysis), id,"
                + " created (first published record, or when replay registered it; UTC), sites (records in its"
                + " sites topic), size and bytes (its topics on the brokers, every replica), in_use (consumer groups"
                + " with members that are its own or read its topics) and its topics. 'methylstream delete ID'"
                + " removes one.")
final class RunsCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() {
        try (KafkaConnection connection = kafka.connect();
             Admin admin = Admin.create(connection.clientProperties())) {
            Inventory inventory = Inventory.of(admin, connection.clientProperties());
            System.out.println("kind\tid\tcreated\tsites\tsize\tbytes\tin_use\ttopics");
            long total = 0;
            for (Footprint f : inventory.footprints()) {
                System.out.println(String.join("\t", f.kind().id(), f.id(),
                        f.created().map(AnalysesCommand.TIME::format).orElse("-"), f.sites() < 0 ? "-" : Long.toString(f.sites()),
                        size(f.bytes()), Long.toString(f.bytes()),
                        f.activeGroups().isEmpty() ? "-" : String.join(",", f.activeGroups()),
                        f.topics().isEmpty() ? "-" : String.join(",", f.topics())));
                total += f.bytes();
            }
            System.out.flush();
            long runs = inventory.footprints().stream().filter(f -> f.kind() == Footprint.Kind.RUN).count();
            System.err.printf("runs: %d runs and %d analyses, %s on the brokers%n", runs,
                    inventory.footprints().size() - runs, size(total));
        }
        return 0;
    }

    /** Bytes in decimal units, as disk sizes are given: 41.9 MB. */
    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double value = bytes / 1000.0;
        int unit = 0;
        while (value >= 999.95 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
