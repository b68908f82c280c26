package dev.agentfactory.worker.lifecycle;

import dev.agentfactory.worker.Log;

import java.util.concurrent.TimeUnit;

/**
 * SIGTERM and SIGINT request a graceful stop (finish the job, final snapshot, exit 0) instead of the JVM's default
 * shutdown. Where the JDK's signal API is unavailable, a shutdown hook requests the stop and waits for it instead.
 */
public final class Signals {

    private Signals() {
    }

    public static void install(StopSignal stop, long maxWaitSeconds) {
        boolean term = handle("TERM", stop);
        handle("INT", stop); // ignored signals (a background job's SIGINT) cannot be handled: fine
        if (!term) {
            Log.warn("no SIGTERM handler available; using a shutdown hook");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.request("shutdown");
                try {
                    stop.awaitFinished(maxWaitSeconds, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "graceful-stop"));
        }
    }

    private static boolean handle(String name, StopSignal stop) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(name), s -> stop.request("SIG" + name));
            return true;
        } catch (Throwable e) {
            return false;
        }
    }
}
