package dev.agentfactory.platform.auth;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CredentialsGuardTest {

    private static final String STRONG = "k3Q9xV7pL2mN8rT4wY6zA1bC5dE0fG2h";

    @Test
    void strongCredentialsPass() {
        assertEquals(List.of(), CredentialsGuard.problems(Map.of("admin", Optional.of(STRONG))));
    }

    @Test
    void missingShortAndDevelopmentValuesAreNamed() {
        List<String> problems = CredentialsGuard.problems(Map.of(
                "a", Optional.empty(),
                "b", Optional.of("short"),
                "c", Optional.of("dev-admin-key-0123456789abcdef0123456789"),
                "d", Optional.of(STRONG)));
        assertEquals(List.of("a is not set", "b is shorter than 32 characters", "c is a development value"), problems);
    }
}
