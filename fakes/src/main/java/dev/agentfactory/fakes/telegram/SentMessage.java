package dev.agentfactory.fakes.telegram;

import java.time.Instant;

/**
 * A message a bot sent through {@code sendMessage}, as the fake recorded it.
 *
 * @param botId     the sending bot's id
 * @param chatId    the target chat
 * @param messageId the id Telegram assigned (increasing per bot and chat)
 * @param text      the text as sent
 * @param parseMode the parse_mode parameter, or null
 * @param at        when the fake accepted it
 */
public record SentMessage(long botId, long chatId, long messageId, String text, String parseMode, Instant at) {
}
