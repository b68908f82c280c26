package dev.agentfactory.provider.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Starting, finding and stopping worker processes by pid (a pid is trusted only with its start instant). */
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

    /** SIGTERM (or SIGKILL when asked), then SIGKILL once {@code timeout} passed; blocks until the process is gone. */
    static void stop(ProcessHandle handle, String signal, Duration timeout) {
        if ("SIGKILL".equals(signal)) {
            handle.destroyForcibly();
        } else {
            handle.destroy();
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
}
