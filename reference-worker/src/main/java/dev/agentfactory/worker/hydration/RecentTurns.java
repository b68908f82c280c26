package dev.agentfactory.worker.hydration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.worker.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * The conversation's recent turns, read from the hydration cache ({@code recentTurns}) and written back as a
 * JSON merge-patch delta that replaces the array, bounded in count and in text length per turn.
 */
public final class RecentTurns {

    public static final String FIELD = "recentTurns";
    static final int MAX_TEXT = 4000;

    private final int limit;

    public RecentTurns(int limit) {
        this.limit = limit;
    }

    public List<Turn> read(JsonNode cache) {
        List<Turn> turns = new ArrayList<>();
        JsonNode array = cache == null ? null : cache.get(FIELD);
        if (array != null && array.isArray()) {
            for (JsonNode node : array) {
                Turn t = Json.MAPPER.convertValue(node, Turn.class);
                if (t.role() != null && t.text() != null) {
                    turns.add(t);
                }
            }
        }
        return tail(turns);
    }

    /** {@code {recentTurns: [...]}}: previous turns plus the new ones, the most recent {@code limit} kept. */
    public ObjectNode delta(List<Turn> previous, List<Turn> added) {
        List<Turn> all = new ArrayList<>(previous);
        for (Turn t : added) {
            String text = t.text().length() > MAX_TEXT ? t.text().substring(0, MAX_TEXT) : t.text();
            all.add(new Turn(t.role(), text, t.messageId(), t.at()));
        }
        ObjectNode delta = Json.MAPPER.createObjectNode();
        ArrayNode array = delta.putArray(FIELD);
        tail(all).forEach(t -> array.add(Json.MAPPER.valueToTree(t)));
        return delta;
    }

    private List<Turn> tail(List<Turn> turns) {
        return turns.size() <= limit ? turns : new ArrayList<>(turns.subList(turns.size() - limit, turns.size()));
    }
}
