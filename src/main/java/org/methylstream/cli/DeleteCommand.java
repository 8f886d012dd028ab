package org.methylstream.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.methylstream.embedded.KafkaConnection;
import org.methylstream.lifecycle.Footprint;
import org.methylstream.lifecycle.Inventory;
import org.methylstream.lifecycle.Removal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code methylstream delete}: all of a run or analysis, from the cluster and the state directory. */
@Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Delete runs or analyses with their topics, groups and local state.",
        description = "Deletes each run or analysis ID as 'methylstream runs' lists it: its topics (Kafka Streams'"
                + " internal ones too), its consumer groups (the Streams application's, the FDR stage's and its file"
                + " sinks'), its local state in the state directory (Streams stores, Connect offsets) and its entry in"
                + " the registry of analyses. Refused while it is in use (a consumer group of it, or one reading its"
                + " topics, has members), and for the default analysis, which holds the published sites, or for"
                + " topics other analyses read, unless --force. Where a run and an analysis share an id, give"
                + " run:ID or analysis:ID.")
final class DeleteCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID", arity = "1..*", description = "A run or analysis id, or run:ID, analysis:ID.")
    List<String> ids;

    @Option(names = "--force",
            description = "Also delete the default analysis, or topics that other analyses read.")
    boolean force;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() {
        try (KafkaConnection connection = kafka.connect();
             Admin admin = Admin.create(connection.clientProperties())) {
            Inventory inventory = Inventory.of(admin, connection.clientProperties());
            List<Footprint> targets;
            try {
                targets = ids.stream().map(inventory::find).distinct().toList();
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(e.getMessage());
            }
            for (Footprint target : targets) {
                Removal.Result result = Removal.delete(admin, connection.clientProperties(), inventory, target,
                        kafka.stateDir(), force);
                System.err.printf("delete: %s: deleted %d topics (%s); consumer groups: %s; local state: %s%s%n",
                        target.describe(), result.topics().size(), RunsCommand.size(target.bytes()),
                        result.groups().isEmpty() ? "none" : String.join(", ", result.groups()),
                        result.localState().isEmpty() ? "none" : result.localState().stream().map(Object::toString)
                                .collect(java.util.stream.Collectors.joining(", ")),
                        target.registered() ? "; its registry entry" : "");
            }
        }
        return 0;
    }
}
