package dev.agentfactory.platform.auth;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** Credentials; never committed, except the local profile's dev values in deploy/local/dev.env. */
@ConfigMapping(prefix = "af.auth")
public interface AuthConfig {

    /** API key of operators: every endpoint. */
    Optional<String> adminApiKey();

    /** API key of applications that send messages and manage pairings and bindings. */
    Optional<String> appApiKey();

    /** API key services use to call each other's internal endpoints. */
    Optional<String> serviceApiKey();

    /** HMAC-SHA256 key that signs worker tokens; shared by queue-service and scheduler-service. */
    Optional<String> workerTokenSecret();
}
