package org.snnloc.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ctrl-C (SIGINT), a scheduler's time limit (SIGTERM) and a closed terminal (SIGHUP) while a
 * training runs: the first asks the training to stop after its current epoch, when its checkpoint
 * is on disk; a second one ends the process at once (the last checkpoint stays whole). The
 * command then exits with 128 + the signal's number (130, 143, 129), as a shell expects.
 */
final class StopSignals implements AutoCloseable {
    private static final Map<String, Integer> SIGNALS = Map.of("INT", 2, "TERM", 15, "HUP", 1);

    private final AtomicReference<String> received = new AtomicReference<>();
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private StopSignals() {}

    static StopSignals install() {
        StopSignals s = new StopSignals();
        for (String name : SIGNALS.keySet()) {
            try {
                Signal signal = new Signal(name);
                s.previous.put(signal, Signal.handle(signal, caught -> {
                    if (!s.received.compareAndSet(null, name)) Runtime.getRuntime().halt(128 + SIGNALS.get(name));
                }));
            } catch (IllegalArgumentException e) {
                // a signal this platform does not have (HUP on some systems): nothing to catch
            }
        }
        return s;
    }

    boolean requested() {
        return received.get() != null;
    }

    /** SIGINT, SIGTERM or SIGHUP. */
    String name() {
        return "SIG" + received.get();
    }

    int exitCode() {
        return 128 + SIGNALS.get(received.get());
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
