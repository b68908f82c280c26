package dev.agentfactory.scheduler.spawn;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;

/** What a spawned worker machine is told: where things are, and which secrets (by reference) it gets. */
@ConfigMapping(prefix = "af.scheduler.worker")
public interface WorkerEnvironment {

    /** The provider app the worker machines belong to (one app per deployment). */
    @WithDefault("agent-factory-workers")
    String appName();

    /** Queue URL the worker claims from (AF_QUEUE_URL). */
    @WithDefault("http://127.0.0.1:8082")
    String queueUrl();

    /** Skills URL the worker reads the manifest from (AF_SKILLS_URL). */
    @WithDefault("http://127.0.0.1:8085")
    String skillsUrl();

    /** Prefix of the secret ref under which each worker's token is stored: {@code <prefix><workerId>}. */
    @WithDefault("worker.token.")
    String tokenSecretPrefix();

    /** Seconds a stop-machine gives the worker after SIGTERM (final snapshot) before a hard stop. */
    @WithDefault("120")
    int stopTimeoutSeconds();

    /** Further plain (non-secret) environment for every worker: its engine, a local run's Telegram API base, … */
    Map<String, String> extraEnv();

    /** Secret environment variables: ENV_NAME → skills secret ref (the bridge secrets; set in application.properties). */
    Map<String, String> secretEnv();
}
