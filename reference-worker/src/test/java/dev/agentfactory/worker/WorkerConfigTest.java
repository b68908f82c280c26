package dev.agentfactory.worker;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("AF_WORKER_ID", "w1");
        env.put("AF_WORKER_TOKEN", "t");
        env.put("AF_WORK_DIR", "/tmp/w1");
        return env;
    }

    @Test
    void appliesDefaults() {
        WorkerConfig c = WorkerConfig.fromEnv(minimal());
        assertEquals("http://127.0.0.1:8082", c.queueUrl().toString());
        assertEquals("http://127.0.0.1:8085", c.skillsUrl().toString());
        assertEquals("https://api.telegram.org", c.telegramApiBaseUrl().toString());
        assertEquals("echo", c.engine());
        assertEquals(20000, c.claimWaitMs());
        assertTrue(c.claimNext());
        assertEquals(250, c.parkPollMs());
        assertEquals(Path.of("/tmp/w1/skills"), c.skillsDir());
        assertEquals("stable", c.skillsChannel());
    }

    @Test
    void namesEveryMissingMandatoryVariableAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerConfig.fromEnv(Map.of()));
        assertTrue(e.getMessage().contains("AF_WORKER_ID is required"), e.getMessage());
        assertTrue(e.getMessage().contains("AF_WORKER_TOKEN is required"), e.getMessage());
        assertTrue(e.getMessage().contains("AF_WORK_DIR is required"), e.getMessage());
    }

    @Test
    void theOpenAiEngineNeedsABaseUrlAndAModel() {
        Map<String, String> env = minimal();
        env.put("AF_ENGINE", "openai");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerConfig.fromEnv(env));
        assertTrue(e.getMessage().contains("AF_OPENAI_BASE_URL is required"), e.getMessage());
        assertTrue(e.getMessage().contains("AF_OPENAI_MODEL is required"), e.getMessage());

        env.put("AF_OPENAI_BASE_URL", "http://127.0.0.1:9999/v1/");
        env.put("AF_OPENAI_MODEL", "m");
        WorkerConfig c = WorkerConfig.fromEnv(env);
        assertEquals("http://127.0.0.1:9999/v1", c.openAiBaseUrl().toString());
        assertEquals("", c.openAiApiKey());
    }

    @Test
    void rejectsMalformedValues() {
        Map<String, String> env = minimal();
        env.put("AF_QUEUE_URL", "not a url");
        env.put("AF_ENGINE", "gpt");
        env.put("AF_CLAIM_WAIT_MS", "60000");
        env.put("AF_PARK_POLL_MS", "0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerConfig.fromEnv(env));
        assertTrue(e.getMessage().contains("AF_QUEUE_URL must be an http(s) URL"), e.getMessage());
        assertTrue(e.getMessage().contains("AF_ENGINE must be one of"), e.getMessage());
        assertTrue(e.getMessage().contains("AF_CLAIM_WAIT_MS must be an integer in [0, 30000]"), e.getMessage());
        assertTrue(e.getMessage().contains("AF_PARK_POLL_MS must be an integer in [10, 10000]"), e.getMessage());
        assertFalse(e.getMessage().contains("AF_WORKER_ID"));
    }
}
