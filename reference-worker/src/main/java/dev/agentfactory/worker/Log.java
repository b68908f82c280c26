package dev.agentfactory.worker;

import java.io.PrintStream;
import java.time.Instant;

/** One-line logs on stderr: time, level, worker, message. Never pass secrets (tokens, keys, bot-token URLs). */
public final class Log {

    private static volatile String workerId = "-";
    private static final PrintStream OUT = System.err;

    private Log() {
    }

    public static void worker(String id) {
        workerId = id;
    }

    public static void info(String message) {
        write("INFO", message);
    }

    public static void warn(String message) {
        write("WARN", message);
    }

    public static void error(String message, Throwable t) {
        write("ERROR", message + (t == null ? "" : ": " + t));
    }

    private static void write(String level, String message) {
        OUT.println(Instant.now() + " " + level + " [" + workerId + "] " + message);
    }
}
