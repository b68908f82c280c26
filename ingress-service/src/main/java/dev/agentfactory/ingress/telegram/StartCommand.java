package dev.agentfactory.ingress.telegram;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /start}, {@code /start <payload>} and, in groups, {@code /start@bot <payload>}.
 *
 * @param payload   the deep-link payload (not yet checked against the code rule), null for a bare /start
 * @param otherBot  true when the command names another bot, so it is not ours to answer
 */
public record StartCommand(String payload, boolean otherBot) {

    private static final Pattern START = Pattern.compile("^/start(?:@([A-Za-z0-9_]+))?(?:\\s+(.*?))?\\s*$",
            Pattern.DOTALL);

    public static Optional<StartCommand> parse(String text, String botIdentity) {
        if (text == null || !text.startsWith("/start")) {
            return Optional.empty();
        }
        Matcher matcher = START.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty(); // e.g. "/started": not the start command
        }
        String addressee = matcher.group(1);
        boolean otherBot = addressee != null && !addressee.equalsIgnoreCase(botIdentity);
        String payload = matcher.group(2);
        return Optional.of(new StartCommand(payload == null || payload.isEmpty() ? null : payload, otherBot));
    }
}
