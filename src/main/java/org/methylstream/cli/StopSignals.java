package org.methylstream.cli;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM as a request to stop, for a command that runs until told to. Handling the signals, rather
 * than stopping in a shutdown hook, lets the command finish its work on the main thread and exit 0: a JVM that
 * shuts down on a signal exits 130 or 143 whatever its hooks do. The former handlers come back on {@link #close()}.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported) is the JDK's only way to catch a signal. It is reached
 * reflectively, as Kafka's own signal handler does, because javac warns at every mention of it by name.
 */
final class StopSignals implements AutoCloseable {
    private static final List<String> NAMES = List.of("INT", "TERM");

    private final CountDownLatch requested = new CountDownLatch(1);
    private final List<Installed> installed = new ArrayList<>();

    private record Installed(Object signal, Object formerHandler) {
    }

    private StopSignals() {
    }

    static StopSignals install() {
        StopSignals signals = new StopSignals();
        try {
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            signals.requested.countDown();
                        }
                        return null;
                    });
            for (String name : NAMES) {
                Object signal = Class.forName("sun.misc.Signal").getConstructor(String.class).newInstance(name);
                signals.installed.add(new Installed(signal, handleMethod().invoke(null, signal, handler)));
            }
        } catch (ReflectiveOperationException e) {
            signals.close();
            throw new IllegalStateException("this JVM cannot catch Ctrl-C and SIGTERM", e);
        }
        return signals;
    }

    /** True once a stop was requested; does not wait. */
    boolean requested() {
        return requested.getCount() == 0;
    }

    /** True once a stop was requested, waiting at most {@code timeout} for one. */
    boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            for (Installed signal : installed) {
                handleMethod().invoke(null, signal.signal(), signal.formerHandler());
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot restore the handlers of Ctrl-C and SIGTERM", e);
        }
    }

    /** {@code Signal.handle(Signal, SignalHandler)}: installs a handler and returns the one it replaces. */
    private static Method handleMethod() throws ReflectiveOperationException {
        Class<?> signalType = Class.forName("sun.misc.Signal");
        return signalType.getMethod("handle", signalType, Class.forName("sun.misc.SignalHandler"));
    }
}
