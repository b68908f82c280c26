package dev.agentfactory.provider.local;

import dev.agentfactory.provider.driver.DriverException;
import dev.agentfactory.provider.driver.MachineSpec;
import dev.agentfactory.provider.driver.ObservedMachine;
import dev.agentfactory.provider.driver.ObservedVolume;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local driver with a tiny shell script standing in for the reference worker. */
class LocalDriverTest {

    @TempDir
    Path dir;

    private LocalDriver driver;

    @AfterEach
    void destroyAll() {
        if (driver != null) {
            driver.listMachines().await().indefinitely().forEach(m -> driver.destroyMachine(m.id(), true).await().indefinitely());
        }
    }

    @Test
    void machineIsAProcessWithTheCommandsEnvAndAVolumeDirectory() throws Exception {
        driver = driver("echo \"$AF_WORKER_TOKEN $AF_WORKER_ID\" > \"$AF_WORK_DIR/seen\"; exec sleep 300");
        ObservedVolume volume = driver.createVolume("worker_state", 1, null).await().indefinitely();
        ObservedMachine created = driver.createMachine(spec(volume.id(), "cmd-1", "w-1")).await().indefinitely();
        ObservedMachine started = driver.awaitStarted(created, Duration.ofSeconds(5)).await().indefinitely();
        assertEquals("started", started.state());
        assertEquals(volume.id(), started.volumeId());
        Path seen = dir.resolve("state/volumes").resolve(volume.id()).resolve("seen");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(seen) && Files.size(seen) > 0);
        assertEquals("secret-token w-1", Files.readString(seen).trim());
        assertEquals(started.id(), driver.findByCommand("cmd-1").await().indefinitely().orElseThrow().id());
        assertEquals(1, driver.findByWorker("w-1").await().indefinitely().size());
        assertEquals(started.id(), driver.listVolumes().await().indefinitely().get(0).attachedMachineId());

        DriverException attached = assertThrows(DriverException.class,
                () -> driver.destroyVolume(volume.id()).await().indefinitely());
        assertEquals("failed_precondition", attached.code());

        long pid = Long.parseLong(started.instanceId());
        driver.stop(started.id(), "SIGTERM", Duration.ofSeconds(5)).await().indefinitely();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertEquals("stopped", driver.get(started.id()).await().indefinitely().state());

        driver.destroyMachine(started.id(), false).await().indefinitely();
        driver.destroyVolume(volume.id()).await().indefinitely();
        assertTrue(driver.listMachines().await().indefinitely().isEmpty());
        assertTrue(driver.listVolumes().await().indefinitely().isEmpty());
        assertFalse(Files.exists(dir.resolve("state/volumes").resolve(volume.id())));
    }

    @Test
    void stopEscalatesToSigkillAfterTheTimeout() throws Exception {
        driver = driver("trap '' TERM; while true; do sleep 1; done");
        ObservedMachine m = driver.createMachine(spec(null, "cmd-2", "w-2")).await().indefinitely();
        long pid = Long.parseLong(m.instanceId());
        Thread.sleep(300); // let the shell install its trap
        long started = System.nanoTime();
        driver.stop(m.id(), "SIGTERM", Duration.ofSeconds(1)).await().indefinitely();
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMs >= 900, "SIGKILL came after " + tookMs + " ms, before the timeout");
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void anotherAppsMachinesAreInvisible() throws Exception {
        driver = driver("exec sleep 300");
        LocalDriver other = new LocalDriver("other-app", dir.resolve("state"), List.of("sleep", "300"), dir);
        ObservedMachine theirs = other.createMachine(spec(null, "cmd-3", "w-3")).await().indefinitely();
        try {
            assertTrue(driver.listMachines().await().indefinitely().isEmpty());
            assertEquals("not_found", assertThrows(DriverException.class,
                    () -> driver.get(theirs.id()).await().indefinitely()).code());
        } finally {
            other.destroyMachine(theirs.id(), true).await().indefinitely();
        }
    }

    @Test
    void suspendFreezesTheProcessAndStartContinuesIt() throws Exception {
        driver = driver("trap 'echo term > stopped-by-term; exit 0' TERM\n"
                + "while true; do echo tick >> ticks; sleep 0.1; done");
        ObservedMachine m = driver.createMachine(spec(null, "cmd-5", "w-5")).await().indefinitely();
        long pid = Long.parseLong(m.instanceId());
        Path ticks = dir.resolve("ticks");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(ticks) && Files.size(ticks) > 0);

        driver.suspend(m.id()).await().indefinitely();
        assertEquals("suspended", driver.awaitSuspended(m, Duration.ofSeconds(5)).await().indefinitely().state());
        assertEquals('T', processState(pid), "SIGSTOPped");
        assertEquals("suspended", driver.get(m.id()).await().indefinitely().state());
        assertEquals(List.of("suspended"),
                driver.listMachines().await().indefinitely().stream().map(ObservedMachine::state).toList());
        driver.suspend(m.id()).await().indefinitely(); // already suspended: done
        long frozenAt = Files.size(ticks);
        Thread.sleep(500);
        assertEquals(frozenAt, Files.size(ticks), "a suspended process does nothing");

        // a restarted provider (a new driver on the same state dir) resumes it: no environment needed
        LocalDriver restarted = new LocalDriver("local-app", dir.resolve("state"), List.of("false"), dir);
        restarted.start(m.id()).await().indefinitely();
        assertEquals("started", restarted.get(m.id()).await().indefinitely().state());
        assertEquals(pid, Long.parseLong(restarted.get(m.id()).await().indefinitely().instanceId()), "the same process");
        assertTrue(processState(pid) != 'T', "continued");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.size(ticks) > frozenAt);

        // a suspended worker still gets its SIGTERM: continued after the signal, it runs its handler
        driver.suspend(m.id()).await().indefinitely();
        driver.awaitSuspended(m, Duration.ofSeconds(5)).await().indefinitely();
        driver.stop(m.id(), "SIGTERM", Duration.ofSeconds(10)).await().indefinitely();
        assertEquals("term", Files.readString(dir.resolve("stopped-by-term")).trim());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertEquals("stopped", driver.get(m.id()).await().indefinitely().state());
    }

    @Test
    void aSuspendedMachineIsDestroyedAndAStoppedOneIsNotSuspended() throws Exception {
        driver = driver("exec sleep 300");
        ObservedMachine m = driver.createMachine(spec(null, "cmd-6", "w-6")).await().indefinitely();
        long pid = Long.parseLong(m.instanceId());
        driver.suspend(m.id()).await().indefinitely();
        driver.awaitSuspended(m, Duration.ofSeconds(5)).await().indefinitely();
        driver.destroyMachine(m.id(), true).await().indefinitely();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(driver.listMachines().await().indefinitely().isEmpty());

        ObservedMachine stopped = driver.createMachine(spec(null, "cmd-7", "w-7")).await().indefinitely();
        driver.stop(stopped.id(), "SIGKILL", Duration.ofSeconds(5)).await().indefinitely();
        DriverException refused = assertThrows(DriverException.class,
                () -> driver.suspend(stopped.id()).await().indefinitely());
        assertEquals("failed_precondition", refused.code());
        assertEquals("stopped", driver.get(stopped.id()).await().indefinitely().state());
    }

    /** The state letter of /proc/<pid>/stat (T: stopped by a signal). */
    private static char processState(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
    }

    private LocalDriver driver(String script) throws Exception {
        Path file = dir.resolve("worker.sh");
        Files.writeString(file, script + "\n");
        return new LocalDriver("local-app", dir.resolve("state"), List.of("sh", file.toString()), dir);
    }

    private static MachineSpec spec(String volumeId, String commandId, String workerId) {
        return new MachineSpec("local", null, "shared", 1, 256, Map.of("AF_WORKER_TOKEN", "secret-token"),
                Map.of("deployment", "local", "commandId", commandId, "workerId", workerId), volumeId,
                volumeId == null ? null : "/data", "no");
    }
}
