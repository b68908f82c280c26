package dev.agentfactory.provider;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Everything provider-service is configured with ({@code af.provider.*}). */
@ConfigMapping(prefix = "af.provider")
public interface ProviderConfig {

    /** Which driver executes commands: {@code local} (worker processes on this host) or {@code fly}. */
    @WithDefault("local")
    String driver();

    /** The one provider app this deployment owns; commands for any other app are refused. */
    @WithDefault("agent-factory-workers")
    String app();

    /** Tag written into every machine's metadata; in normal operation only tagged machines are touched. */
    @WithDefault("local")
    String deployment();

    Fly fly();

    Local local();

    Skills skills();

    Commands commands();

    Inventory inventory();

    Cleanup cleanup();

    interface Fly {
        /** Base URL of the Machines API, /v1 included. */
        @WithDefault("https://api.machines.dev/v1")
        String apiBaseUrl();

        /** Secret ref of the API token in skills-service. */
        @WithDefault("fly.apiToken")
        String tokenRef();

        /** How long a resolved token is reused before it is resolved again. */
        @WithDefault("PT5M")
        Duration tokenTtl();

        /** Sustained requests per second per action and machine/app (Fly: 1). */
        @WithDefault("1")
        double ratePerSecond();

        /** Client-side bucket size; one below Fly's burst of 3 keeps a token of slack for network jitter. */
        @WithDefault("2")
        int burst();

        /** Sustained get-machine requests per second per machine (Fly: 5). */
        @WithDefault("5")
        double getRatePerSecond();

        /** Client-side get-machine bucket size (Fly bursts to 10). */
        @WithDefault("8")
        int getBurst();

        /** 429 answers retried inside one call before the attempt fails (Retry-After honoured). */
        @WithDefault("10")
        int rateLimitRetries();

        /** 5xx answers retried inside one idempotent call before the attempt fails. */
        @WithDefault("3")
        int serverErrorRetries();

        /** First backoff of the in-call retries (doubles, with jitter). */
        @WithDefault("PT0.5S")
        Duration backoff();

        /** Upper bound of an in-call backoff and of an honoured Retry-After. */
        @WithDefault("PT30S")
        Duration maxBackoff();

        /** How long create-machine and start-machine wait for started (in wait calls of at most 60 s). */
        @WithDefault("PT3M")
        Duration bootTimeout();

        /** How long suspend-machine waits for suspended, the memory snapshot written (wait calls of at most 60 s). */
        @WithDefault("PT1M")
        Duration suspendTimeout();

        /** Timeout of the wait endpoint per call, seconds (1-60). */
        @WithDefault("60")
        int waitSeconds();
    }

    interface Local {
        /** Command line of a local "machine" (split on spaces). */
        @WithDefault("java -jar reference-worker/target/reference-worker.jar")
        String workerCommand();

        /** Working directory of the worker processes. */
        @WithDefault(".")
        String workingDir();

        /** Where machine records, logs and volume directories live. */
        @WithDefault("${java.io.tmpdir}/agent-factory/provider")
        String stateDir();
    }

    interface Skills {
        /** Base URL of skills-service. */
        @WithDefault("http://127.0.0.1:8085")
        String baseUrl();

        /** Service API key presented to skills-service; defaults to this deployment's service key. */
        Optional<String> apiKey();
    }

    interface Commands {
        /** Attempts of a command before it fails for good. */
        @WithDefault("8")
        int maxAttempts();

        /** First command-level backoff (doubles per attempt, with jitter). */
        @WithDefault("PT2S")
        Duration backoff();

        /** Upper bound of the command-level backoff. */
        @WithDefault("PT2M")
        Duration maxBackoff();

        /**
         * The lease of a running attempt: its runner renews it every third of this while the attempt runs, so
         * another instance (or the same one after a restart) takes the command over only once the runner is gone.
         */
        @WithDefault("PT30S")
        Duration attemptLease();

        /** How often the runner renews its attempts' leases: well inside {@link #attemptLease()}. */
        @WithDefault("10s")
        String leaseRenewEvery();

        /** How often unfinished commands (after a restart, or due retries) are swept up. */
        @WithDefault("15s")
        String sweepEvery();

        /** Commands executed at the same time (rate limits pace them further). */
        @WithDefault("256")
        int concurrency();
    }

    interface Inventory {
        /** Inventory sync period ({@code off} disables it). */
        @WithDefault("30s")
        String every();

        /** A machine or worker younger than this is not an orphan yet (creation in flight). */
        @WithDefault("PT2M")
        Duration orphanGrace();
    }

    interface Cleanup {
        /** Cron of the scheduled cleanup of the configured app; {@code off} (the default) disables it. */
        @WithDefault("off")
        String cron();

        /** Whether the scheduled cleanup only reports. */
        @WithDefault("false")
        boolean scheduledDryRun();

        /** Default concurrency of machine destroys. */
        @WithDefault("4")
        int machineConcurrency();

        /** Default concurrency of volume destroys. */
        @WithDefault("4")
        int volumeConcurrency();
    }
}
