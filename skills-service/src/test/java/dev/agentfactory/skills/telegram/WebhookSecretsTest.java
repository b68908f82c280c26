package dev.agentfactory.skills.telegram;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookSecretsTest {

    static TelegramConfig config(Optional<String> devSecret) {
        return new TelegramConfig() {
            public String apiBaseUrl() { return "http://unused"; }
            public java.time.Duration timeout() { return java.time.Duration.ofSeconds(1); }
            public String webhookPath() { return "/telegram/webhook"; }
            public List<String> allowedUpdates() { return List.of("message"); }
            public Optional<String> devWebhookSecret() { return devSecret; }
        };
    }

    @Test
    void secretsAre32UrlSafeCharactersAndNeverRepeat() {
        WebhookSecrets secrets = new WebhookSecrets(config(Optional.empty()));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String secret = secrets.next("agent-" + i, Optional.empty());
            assertTrue(secret.matches("^[A-Za-z0-9_-]{32}$"), secret);
            assertTrue(seen.add(secret));
        }
    }

    @Test
    void theDevSecretIsHonouredOnlyInLaptopProfiles() {
        assertEquals(Optional.of("dev-telegram-webhook-secret"),
                WebhookSecrets.devSecret(Optional.of("dev-telegram-webhook-secret"), true));
        assertEquals(Optional.empty(), WebhookSecrets.devSecret(Optional.of("dev-telegram-webhook-secret"), false));
        assertEquals(Optional.empty(), WebhookSecrets.devSecret(Optional.of(" "), true));
        assertThrows(IllegalStateException.class, () -> WebhookSecrets.devSecret(Optional.of("has space"), true));
    }

    @Test
    void theDevSecretGoesToOneAgentOnlyOthersGetRandomSecrets() {
        WebhookSecrets secrets = new WebhookSecrets(Optional.of("dev-telegram-webhook-secret"));
        assertEquals(Optional.of(WebhookSecrets.hash("dev-telegram-webhook-secret")), secrets.devSecretHash());
        assertEquals("dev-telegram-webhook-secret", secrets.next("default", Optional.empty()), "nobody holds it yet");
        assertEquals("dev-telegram-webhook-secret", secrets.next("default", Optional.of("default")),
                "re-registering the holder keeps it");
        String other = secrets.next("support", Optional.of("default"));
        assertTrue(other.matches("^[A-Za-z0-9_-]{32}$"), other);
        assertEquals(Optional.empty(), new WebhookSecrets(Optional.empty()).devSecretHash());
    }

    @Test
    void theHashIsLowercaseHexSha256() {
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", WebhookSecrets.hash("hello"));
    }

    @Test
    void tokensAreScrubbedFromMessages() {
        String token = "123456:AAHsecretpart";
        assertEquals("timeout executing POST /bot<token>/getMe and <token>",
                TelegramClient.redact("timeout executing POST /bot123456:AAHsecretpart/getMe and AAHsecretpart", token));
    }

    @Test
    void webhookUrlsMustBeHttps() {
        assertEquals("https://hooks.example.com/base/telegram/webhook",
                WebhookUrls.webhookUrl("https://hooks.example.com/base/", "/telegram/webhook"));
        for (String bad : List.of("http://hooks.example.com", "hooks.example.com", "https://x.example?a=b", "https://")) {
            assertThrows(dev.agentfactory.platform.problem.ProblemException.class,
                    () -> WebhookUrls.webhookUrl(bad, "/telegram/webhook"), bad);
        }
    }
}
