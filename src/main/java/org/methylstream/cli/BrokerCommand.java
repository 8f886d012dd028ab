package org.methylstream.cli;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.methylstream.embedded.HostedBroker;
import org.methylstream.embedded.StateDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code methylstream broker}: runs the state directory's broker in the foreground, for commands in other terminals. */
@Command(name = "broker", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Run the state directory's Kafka broker in the foreground.",
        description = "Run a single-node Kafka broker on 127.0.0.1 until Ctrl-C or SIGTERM, and print its "
                + "bootstrap address on stdout. Commands in other terminals with the same state directory "
                + "and no --bootstrap-server use it instead of starting their own. Its topics outlive it, "
                + "in the state directory.")
final class BrokerCommand implements Callable<Integer> {
    @Mixin
    StateDirOption state;

    @Option(names = "--port", paramLabel = "N", description = "Client port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 0;

    @Override
    public Integer call() throws IOException, InterruptedException {
        try (StopSignals stop = StopSignals.install()) {
            StateDirectory directory = new StateDirectory(state.path());
            Optional<HostedBroker> hosted = directory.hostBroker(port, Map.of());
            if (hosted.isEmpty()) {
                String running = directory.sharedBroker().map(address -> " at " + address).orElse("");
                throw new CommandFailure("a broker for " + directory.root() + " already runs" + running);
            }
            try (HostedBroker broker = hosted.get()) {
                System.out.println(broker.bootstrapServers());
                System.out.flush();
                System.err.println("broker: serving " + broker.dataDir() + " at " + broker.bootstrapServers()
                        + "; Ctrl-C stops it");
                while (!stop.await(java.time.Duration.ofSeconds(1))) {
                    // serving; the broker runs on its own threads
                }
                System.err.println("broker: stopping");
            }
        }
        return 0;
    }
}
