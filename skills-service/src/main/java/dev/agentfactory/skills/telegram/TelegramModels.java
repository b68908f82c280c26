package dev.agentfactory.skills.telegram;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Wire models of the Telegram bot endpoints. */
public final class TelegramModels {

    private TelegramModels() {
    }

    /** A bot token to import. {@link #toString()} never shows it. */
    public record TokenRequest(@NotBlank @Size(max = 256) String token) {
        @Override
        public String toString() {
            return "TokenRequest[token=<redacted>]";
        }
    }

    public record TokenImported(String agentKey, String botIdentity, String botUsername, String tokenSecretRef,
                                long version) {
    }

    public record WebhookRequest(@NotBlank @Size(max = 1000) String publicBaseUrl) {
    }

    public record WebhookStatus(boolean isReady, String botIdentity, boolean secretTokenConfigured, String url,
                                int pendingUpdateCount, String lastErrorMessage) {
    }

    public record Reconciled(String agentKey, String botIdentity, String botUsername, boolean identityChanged,
                             long version, WebhookStatus webhook) {
    }
}
