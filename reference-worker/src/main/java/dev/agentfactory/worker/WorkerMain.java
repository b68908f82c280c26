package dev.agentfactory.worker;

import dev.agentfactory.worker.lifecycle.Signals;
import dev.agentfactory.worker.lifecycle.Worker;

/** Entry point: reads the environment, runs the claim loop, exits 0 after a graceful stop (2 on bad configuration). */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) {
        WorkerConfig config;
        try {
            config = WorkerConfig.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            java.nio.file.Files.createDirectories(config.workDir());
        } catch (java.io.IOException | SecurityException e) {
            System.err.println("AF_WORK_DIR " + config.workDir() + " is not usable: " + e);
            System.exit(2);
            return;
        }
        Log.worker(config.workerId());
        Worker worker = Worker.fromConfig(config);
        Signals.install(worker.stopSignal(), 600);
        System.exit(worker.run());
    }
}
