package dev.agentfactory.worker.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.worker.Http;
import dev.agentfactory.worker.Json;
import dev.agentfactory.worker.hydration.Turn;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * An OpenAI-compatible chat-completions client: {@code POST {base}/chat/completions {model, messages}} with the
 * conversation's recent turns and the new message; the reply is {@code choices[0].message.content}.
 * 408, 429 and 5xx (and network errors) are retryable; other 4xx are not.
 */
public final class OpenAiEngine implements Engine {

    static final String SYSTEM_PROMPT = "You are a helpful assistant replying in a chat. Answer briefly.";

    private final Http http;
    private final URI endpoint;
    private final String apiKey;
    private final String model;
    private final Duration timeout;

    public OpenAiEngine(Http http, URI base, String apiKey, String model, Duration timeout) {
        this.http = http;
        this.endpoint = URI.create(base + "/chat/completions");
        this.apiKey = apiKey;
        this.model = model;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public String reply(String text, List<Turn> recent) throws EngineException, InterruptedException {
        Http.Response r;
        try {
            r = http.send(Http.json("POST", endpoint, request(text, recent), apiKey, timeout).build());
        } catch (IOException e) {
            throw new EngineException("chat completions unreachable: " + e.getMessage(), true, e);
        }
        if (r.status() != 200) {
            boolean retryable = r.status() == 408 || r.status() == 429 || r.status() >= 500;
            throw new EngineException("chat completions answered " + r.status() + ": " + r.excerpt(), retryable, null);
        }
        JsonNode content = r.json(JsonNode.class).path("choices").path(0).path("message").path("content");
        if (!content.isTextual() || content.asText().isBlank()) {
            throw new EngineException("chat completions returned no content: " + r.excerpt(), true, null);
        }
        return content.asText();
    }

    ObjectNode request(String text, List<Turn> recent) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("model", model);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", SYSTEM_PROMPT);
        for (Turn t : recent) {
            String role = Turn.ASSISTANT.equals(t.role()) ? "assistant" : "user";
            messages.addObject().put("role", role).put("content", t.text());
        }
        messages.addObject().put("role", "user").put("content", text == null ? "" : text);
        return body;
    }
}
