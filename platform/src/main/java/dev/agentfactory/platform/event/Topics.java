package dev.agentfactory.platform.event;

/**
 * The topics of the contract (deploy/contracts/asyncapi.yaml). Reactive Messaging channels use the
 * {@code CHANNEL_*} names (dots clash with the channel configuration keys) and map them onto the topic, with
 * the optional {@code af.kafka.topic-prefix} that isolates a test run on a shared broker.
 */
public final class Topics {

    public static final String MESSAGES_ENQUEUED = "af.messages.enqueued.v1";
    public static final String QUEUE_LIFECYCLE = "af.queue.lifecycle.v1";
    public static final String QUEUE_DEPTH = "af.queue.depth.v1";
    public static final String WORKERS_ACTIVITY = "af.workers.activity.v1";
    public static final String SCHEDULER_FLEET = "af.scheduler.fleet.v1";
    public static final String PROVIDER_COMMANDS = "af.provider.commands.v1";
    public static final String PROVIDER_MACHINES = "af.provider.machines.v1";
    public static final String CATALOG_AGENTS = "af.catalog.agents.v1";
    public static final String SKILLS_RELEASES = "af.skills.releases.v1";

    public static final String CHANNEL_MESSAGES_ENQUEUED = "af-messages-enqueued-v1";
    public static final String CHANNEL_QUEUE_DEPTH = "af-queue-depth-v1";
    public static final String CHANNEL_WORKERS_ACTIVITY = "af-workers-activity-v1";
    public static final String CHANNEL_SCHEDULER_FLEET = "af-scheduler-fleet-v1";
    public static final String CHANNEL_PROVIDER_COMMANDS = "af-provider-commands-v1";
    public static final String CHANNEL_PROVIDER_MACHINES = "af-provider-machines-v1";
    public static final String CHANNEL_CATALOG_AGENTS = "af-catalog-agents-v1";

    private Topics() {
    }
}
