package dev.agentfactory.worker;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The worker's settings, read once from the environment. Mandatory: {@code AF_WORKER_ID}, {@code AF_WORKER_TOKEN},
 * {@code AF_WORK_DIR}; with {@code AF_ENGINE=openai} also {@code AF_OPENAI_BASE_URL} and {@code AF_OPENAI_MODEL}.
 *
 * @param queueUrl          queue-service base URL ({@code AF_QUEUE_URL})
 * @param workerId          this worker's id, as in its token ({@code AF_WORKER_ID})
 * @param workerToken       bearer token for queue and skills ({@code AF_WORKER_TOKEN})
 * @param skillsUrl         skills-service base URL ({@code AF_SKILLS_URL})
 * @param skillsChannel     manifest channel, stable or canary ({@code AF_SKILLS_CHANNEL})
 * @param skillsDir         where skills are materialized ({@code AF_SKILLS_DIR}, default {@code <workDir>/skills})
 * @param telegramApiBaseUrl Bot API base ({@code AF_TELEGRAM_API_BASE_URL})
 * @param engine            echo or openai ({@code AF_ENGINE})
 * @param echoThinkMs       how long the echo engine waits before answering, 0..600000 ({@code AF_ECHO_THINK_MS})
 * @param openAiBaseUrl     chat-completions base, e.g. https://api.openai.com/v1 ({@code AF_OPENAI_BASE_URL})
 * @param openAiApiKey      bearer key of the chat-completions API, may be empty ({@code AF_OPENAI_API_KEY})
 * @param openAiModel       model name ({@code AF_OPENAI_MODEL})
 * @param workDir           the volume: conversations, skills, scratch ({@code AF_WORK_DIR})
 * @param claimWaitMs       long-poll wait of a claim, 0..30000 ({@code AF_CLAIM_WAIT_MS})
 * @param claimNext         complete and claim the next message in one round trip ({@code AF_CLAIM_NEXT})
 * @param parkPollMs        while parked, the pause before claiming again, 10..10000 ({@code AF_PARK_POLL_MS})
 * @param recentTurns       turns kept in the conversation's hydration cache ({@code AF_RECENT_TURNS})
 * @param snapshotMaxBytes  largest snapshot archive the queue accepts ({@code AF_SNAPSHOT_MAX_BYTES})
 */
public record WorkerConfig(
        URI queueUrl,
        String workerId,
        String workerToken,
        URI skillsUrl,
        String skillsChannel,
        Path skillsDir,
        URI telegramApiBaseUrl,
        String engine,
        long echoThinkMs,
        URI openAiBaseUrl,
        String openAiApiKey,
        String openAiModel,
        Path workDir,
        long claimWaitMs,
        boolean claimNext,
        long parkPollMs,
        int recentTurns,
        long snapshotMaxBytes) {

    public static WorkerConfig fromEnv(Map<String, String> env) {
        Reader r = new Reader(env);
        URI queue = r.url("AF_QUEUE_URL", "http://127.0.0.1:8082");
        String workerId = r.mandatory("AF_WORKER_ID");
        String token = r.mandatory("AF_WORKER_TOKEN");
        URI skills = r.url("AF_SKILLS_URL", "http://127.0.0.1:8085");
        String channel = r.oneOf("AF_SKILLS_CHANNEL", "stable", List.of("stable", "canary"));
        URI telegram = r.url("AF_TELEGRAM_API_BASE_URL", "https://api.telegram.org");
        String engine = r.oneOf("AF_ENGINE", "echo", List.of("echo", "openai"));
        boolean openai = "openai".equals(engine);
        long echoThink = r.number("AF_ECHO_THINK_MS", 0, 0, 600_000);
        URI openAiBase = openai ? r.url("AF_OPENAI_BASE_URL", null) : r.optionalUrl("AF_OPENAI_BASE_URL");
        String openAiKey = r.value("AF_OPENAI_API_KEY", "");
        String openAiModel = openai ? r.mandatory("AF_OPENAI_MODEL") : r.value("AF_OPENAI_MODEL", "");
        String workDirText = r.mandatory("AF_WORK_DIR");
        long wait = r.number("AF_CLAIM_WAIT_MS", 20000, 0, 30000);
        boolean claimNext = Boolean.parseBoolean(r.value("AF_CLAIM_NEXT", "true"));
        long parkPoll = r.number("AF_PARK_POLL_MS", 250, 10, 10000);
        int turns = (int) r.number("AF_RECENT_TURNS", 20, 2, 200);
        long snapshotMax = r.number("AF_SNAPSHOT_MAX_BYTES", 268_435_456, 1024, Long.MAX_VALUE);
        r.throwIfInvalid();
        Path workDir = Path.of(workDirText).toAbsolutePath();
        String skillsDirText = r.value("AF_SKILLS_DIR", "");
        Path skillsDir = skillsDirText.isEmpty() ? workDir.resolve("skills") : Path.of(skillsDirText).toAbsolutePath();
        return new WorkerConfig(queue, workerId, token, skills, channel, skillsDir, telegram, engine, echoThink, openAiBase,
                openAiKey, openAiModel, workDir, wait, claimNext, parkPoll, turns, snapshotMax);
    }

    /** Collects every problem so one start-up message names them all. */
    private static final class Reader {
        private final Map<String, String> env;
        private final List<String> problems = new ArrayList<>();

        Reader(Map<String, String> env) {
            this.env = env;
        }

        String value(String name, String fallback) {
            String v = env.get(name);
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        String mandatory(String name) {
            String v = value(name, null);
            if (v == null) {
                problems.add(name + " is required");
            }
            return v;
        }

        URI url(String name, String fallback) {
            String v = fallback == null ? mandatory(name) : value(name, fallback);
            return v == null ? null : parseUrl(name, v);
        }

        URI optionalUrl(String name) {
            String v = value(name, null);
            return v == null ? null : parseUrl(name, v);
        }

        private URI parseUrl(String name, String v) {
            try {
                URI uri = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
            problems.add(name + " must be an http(s) URL, got '" + v + "'");
            return null;
        }

        String oneOf(String name, String fallback, List<String> allowed) {
            String v = value(name, fallback);
            if (!allowed.contains(v)) {
                problems.add(name + " must be one of " + allowed + ", got '" + v + "'");
            }
            return v;
        }

        long number(String name, long fallback, long min, long max) {
            String v = value(name, String.valueOf(fallback));
            try {
                long n = Long.parseLong(v);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            problems.add(name + " must be an integer in [" + min + ", " + max + "], got '" + v + "'");
            return fallback;
        }

        void throwIfInvalid() {
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid worker configuration: " + String.join("; ", problems));
            }
        }
    }
}
