package dev.agentfactory.platform.testing;

/** The credentials of the test profile (platform's microprofile-config.properties, %test). */
public final class TestCredentials {

    public static final String ADMIN = "Bearer test-admin-key";
    public static final String APP = "Bearer test-app-key";
    public static final String SERVICE = "Bearer test-service-key";

    private TestCredentials() {
    }
}
