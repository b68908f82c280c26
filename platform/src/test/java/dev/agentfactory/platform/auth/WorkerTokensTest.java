package dev.agentfactory.platform.auth;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerTokensTest {

    private final WorkerTokens tokens = new WorkerTokens(config("secret-one"));

    @Test
    void aMintedTokenNamesItsWorker() {
        assertEquals(Optional.of("worker-7"), tokens.verify(tokens.mint("worker-7")));
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRejected() {
        String foreign = new WorkerTokens(config("secret-two")).mint("worker-7");
        assertTrue(tokens.verify(foreign).isEmpty());
    }

    @Test
    void aTamperedWorkerIdIsRejected() {
        String token = tokens.mint("worker-7");
        String other = tokens.mint("worker-8");
        String forged = other.substring(0, other.lastIndexOf('.')) + token.substring(token.lastIndexOf('.'));
        assertTrue(tokens.verify(forged).isEmpty());
    }

    @Test
    void garbageIsRejected() {
        assertTrue(tokens.verify("wt1.").isEmpty());
        assertTrue(tokens.verify("wt1.%%%.***").isEmpty());
        assertTrue(tokens.verify("an-api-key").isEmpty());
        assertTrue(tokens.verify(null).isEmpty());
    }

    @Test
    void threadsVerifyingAtOnceEachGetTheirOwnAnswer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String worker = "worker-" + t;
                results.add(pool.submit(() -> {
                    String token = tokens.mint(worker);
                    String forged = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
                    for (int i = 0; i < 5_000; i++) {
                        if (!tokens.verify(token).equals(Optional.of(worker)) || tokens.verify(forged).isPresent()) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static AuthConfig config(String secret) {
        return new AuthConfig() {
            public Optional<String> adminApiKey() { return Optional.empty(); }
            public Optional<String> appApiKey() { return Optional.empty(); }
            public Optional<String> serviceApiKey() { return Optional.empty(); }
            public Optional<String> workerTokenSecret() { return Optional.of(secret); }
        };
    }
}
