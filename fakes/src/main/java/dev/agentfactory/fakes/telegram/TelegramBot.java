package dev.agentfactory.fakes.telegram;

/**
 * A bot the fake knows.
 *
 * @param token     the full bot token ({@code <digits>:<secret>})
 * @param id        the bot's user id (the token's digits)
 * @param username  the bot's username without {@code @}
 * @param firstName the bot's display name
 */
public record TelegramBot(String token, long id, String username, String firstName) {

    /** The bot id encoded in a token of the form {@code <digits>:<text>}. */
    public static long idFromToken(String token) {
        int colon = token.indexOf(':');
        if (colon <= 0 || colon == token.length() - 1 || !token.substring(0, colon).chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("bot token must look like <digits>:<text>");
        }
        return Long.parseLong(token.substring(0, colon));
    }
}
