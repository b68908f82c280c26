package dev.agentfactory.provider.fly;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FlyTokensTest {

    @Test
    void macaroonsGoAsFlyV1AndEverythingElseAsBearer() {
        assertEquals("FlyV1 fm1r_abc", FlyTokens.header("fm1r_abc"));
        assertEquals("FlyV1 fm1a_abc", FlyTokens.header("fm1a_abc"));
        assertEquals("FlyV1 fm2_abc", FlyTokens.header("fm2_abc"));
        assertEquals("Bearer fo1_personal", FlyTokens.header("fo1_personal"));
        assertEquals("FlyV1 fm2_x,fm2_y", FlyTokens.header("FlyV1 fm2_x,fm2_y"));
    }

    @Test
    void retryAfterInSecondsOrAsADate() {
        assertEquals(Duration.ofSeconds(2), FlyHttp.retryAfter("2"));
        assertEquals(Duration.ofMillis(1500), FlyHttp.retryAfter("1.5"));
        assertNull(FlyHttp.retryAfter(null));
        assertNull(FlyHttp.retryAfter("soon"));
        assertEquals(Duration.ZERO, FlyHttp.retryAfter("Sun, 06 Nov 1994 08:49:37 GMT"));
    }
}
