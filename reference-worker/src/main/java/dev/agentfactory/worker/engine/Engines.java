package dev.agentfactory.worker.engine;

import dev.agentfactory.worker.Http;
import dev.agentfactory.worker.WorkerConfig;

import java.time.Duration;

/** Builds the engine {@code AF_ENGINE} names. */
public final class Engines {

    private Engines() {
    }

    public static Engine from(WorkerConfig config, Http http) {
        return switch (config.engine()) {
            case "openai" -> new OpenAiEngine(http, config.openAiBaseUrl(), config.openAiApiKey(), config.openAiModel(),
                    Duration.ofSeconds(60));
            default -> new EchoEngine(Duration.ofMillis(config.echoThinkMs()));
        };
    }
}
