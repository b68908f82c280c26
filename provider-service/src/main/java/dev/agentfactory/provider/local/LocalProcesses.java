package dev.agentfactory.provider.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Starting, finding, freezing and stopping worker processes by pid (a pid is trusted only with its start instant). */
final class LocalProcesses {

    private final List<String> command;
    private final Path workingDir;

    LocalProcesses(List<String> command, Path workingDir) {
        this.command = command;
        this.workingDir = workingDir;
    }

    ProcessHandle start(Map<String, String> env, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            return builder.start().toHandle();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command + " in " + workingDir + ": " + e.getMessage(), e);
        }
    }

    /** The live process with this pid that started at {@code startedAt}; empty when gone (or the pid was reused). */
    static Optional<ProcessHandle> alive(long pid, Instant startedAt) {
        if (pid <= 0) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> startedAt == null
                || h.info().startInstant().map(s -> Math.abs(Duration.between(s, startedAt).toMillis()) < 1500)
                .orElse(true));
    }

    static Instant startInstant(ProcessHandle handle) {
        return handle.info().startInstant().orElse(null);
    }

    /**
     * SIGTERM (or SIGKILL when asked), then SIGKILL once {@code timeout} passed; blocks until the process is gone.
     * A {@code frozen} (SIGSTOPped) process is continued after the signal: it handles SIGTERM only when running.
     */
    static void stop(ProcessHandle handle, String signal, Duration timeout, boolean frozen) {
        List<ProcessHandle> descendants = frozen ? handle.descendants().toList() : List.of(); // a dead parent has none
        if ("SIGKILL".equals(signal)) {
            handle.destroyForcibly();
        } else {
            handle.destroy();
        }
        if (frozen) {
            signal("CONT", handle);
            signal("CONT", descendants);
        }
        try {
            handle.onExit().get(Math.max(timeout.toMillis(), 0), TimeUnit.MILLISECONDS);
        } catch (Exception timedOut) {
            handle.destroyForcibly();
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("process " + handle.pid() + " did not exit after SIGKILL", e);
            }
        }
    }

    /**
     * SIGSTOP to the process, then to its descendants (the worker behind a wrapper script too): frozen, memory kept.
     * Java cannot send SIGSTOP itself, so this runs {@code kill}.
     */
    static void freeze(ProcessHandle process) {
        signal("STOP", process); // first: a stopped process forks no more children
        signal("STOP", process.descendants().toList());
    }

    /** SIGCONT to the process and its descendants. */
    static void resume(ProcessHandle process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        signal("CONT", process);
        signal("CONT", descendants);
    }

    /** Whether the process is stopped by a signal; empty where {@code /proc} does not tell (not Linux). */
    static Optional<Boolean> frozen(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) S ...": comm may hold spaces and parentheses, the state follows the last ')'
            return Optional.of(stat.substring(stat.lastIndexOf(')') + 2).charAt(0) == 'T');
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Signals the process; fails when it is alive and kill failed. */
    private static void signal(String signal, ProcessHandle process) {
        if (kill(signal, List.of(process)) != 0 && process.isAlive()) {
            throw new IllegalStateException("kill -s " + signal + " " + process.pid() + " failed");
        }
    }

    /** Signals each process still there (one may have exited in between: kill then fails for it alone). */
    private static void signal(String signal, List<ProcessHandle> processes) {
        if (!processes.isEmpty()) {
            kill(signal, processes);
        }
    }

    private static int kill(String signal, List<ProcessHandle> processes) {
        List<String> command = new ArrayList<>(List.of("kill", "-s", signal));
        processes.forEach(p -> command.add(Long.toString(p.pid())));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
