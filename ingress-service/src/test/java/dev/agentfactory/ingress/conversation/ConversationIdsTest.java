package dev.agentfactory.ingress.conversation;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConversationIdsTest {

    @Test
    void aUserAndAnAgentAlwaysShareOneOpaqueConversation() {
        String id = ConversationIds.forUserAgent("usr_1", "support");
        assertEquals(id, ConversationIds.forUserAgent("usr_1", "support"));
        assertTrue(id.matches("^cv_[a-z2-7]{26}$"), id);
        assertNotEquals(id, ConversationIds.forUserAgent("usr_1", "sales"));
        assertNotEquals(id, ConversationIds.forUserAgent("usr_2", "support"));
        // the separator keeps ("ab","c") and ("a","bc") apart
        assertNotEquals(ConversationIds.forUserAgent("ab", "c"), ConversationIds.forUserAgent("a", "bc"));
    }

    @Test
    void base32FollowsRfc4648() {
        assertEquals("mzxw6ytboi", ConversationIds.base32("foobar".getBytes(StandardCharsets.US_ASCII), 10));
        assertEquals("tg:bot:chat:-100", ConversationIds.forTelegramChat("bot", -100));
    }
}
