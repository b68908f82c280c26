package dev.agentfactory.platform.config;

import io.smallrye.config.ConfigMapping;

/** Who this service is and where it keeps its data. */
@ConfigMapping(prefix = "af.service")
public interface ServiceConfig {

    /** The service name written into every event's {@code source}, e.g. {@code queue-service}. */
    String name();

    /** The Postgres schema this service owns; nothing else ever writes to it. */
    String schema();
}
