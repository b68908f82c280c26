package dev.agentfactory.system;

import dev.agentfactory.fakes.telegram.FakeTelegramBotApi;
import dev.agentfactory.platform.testing.LocalInfra;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole system on this machine: the five services as processes (production profile, with credentials
 * generated for this run), one database and one topic prefix of their own on the local stack, the fake
 * Telegram Bot API, and the local machine driver spawning reference workers.
 */
final class SystemStack implements AutoCloseable {

    static final String BOT_TOKEN = "424242:system-test-bot";
    static final String BOT_USERNAME = "af_system_test_bot";

    final String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final String database = "af_system_" + runId;
    final String topicPrefix = "s" + runId + ".";
    final Credentials credentials = Credentials.generate();
    final FakeTelegramBotApi telegram = new FakeTelegramBotApi();
    final Path repo = Path.of(System.getProperty("af.repo.root", "..")).toAbsolutePath().normalize();
    final Path workDir;
    final LocalMachines machines;
    final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();

    SystemStack(Map<String, Map<String, String>> overrides) throws Exception {
        workDir = Files.createDirectories(repo.resolve("system-tests/target/run-" + runId));
        Files.createDirectories(workDir.resolve("logs"));
        machines = new LocalMachines(workDir.resolve("machines"));
        createDatabase();
        telegram.start(0);
        telegram.registerBot(BOT_TOKEN, BOT_USERNAME);
        List<String> names = List.of("skills", "queue", "ingress", "provider", "scheduler");
        List<Integer> free = freePorts(names.size());
        for (int i = 0; i < names.size(); i++) {
            ports.put(names.get(i), free.get(i));
        }
        for (String name : names) {
            Map<String, String> properties = new HashMap<>(common());
            properties.putAll(Wiring.of(name, this));
            properties.putAll(overrides.getOrDefault(name, Map.of()));
            services.put(name, new ServiceProcess(name + "-service",
                    repo.resolve(name + "-service/target/quarkus-app/quarkus-run.jar"), ports.get(name),
                    properties, credentials.environment(), workDir.resolve("logs")));
        }
    }

    SystemStack start() throws Exception {
        for (ServiceProcess service : services.values()) {
            service.start();
        }
        for (ServiceProcess service : services.values()) {
            service.awaitReady(Duration.ofSeconds(120));
        }
        return this;
    }

    /**
     * Registers the test bot with skills-service the way an operator does (bridge secrets, agent, token,
     * webhook) and waits until ingress has learnt it from the catalog topic. Answers the bot identity.
     */
    String registerTelegramBot() {
        String admin = credentials.admin();
        String skills = url("skills");
        for (String ref : List.of("openclaw.serviceId", "openclaw.serviceKey", "openclaw.linkingSharedSecret")) {
            expectSuccess(Api.put(skills + "/v1/secrets/" + ref, admin, Map.of("value", "test-" + ref)));
        }
        expectSuccess(Api.put(skills + "/v1/agents/default", admin,
                Map.of("enabled", true, "secretsRef", List.of(), "bridgeConfig", Map.of("enabled", false))));
        expectSuccess(Api.post(skills + "/v1/agents/default/telegram/token", admin, Map.of("token", BOT_TOKEN)));
        Api.Reply webhook = Api.post(skills + "/v1/agents/default/telegram/webhook", admin,
                Map.of("publicBaseUrl", "https://agent-factory.test"));
        if (!webhook.body().path("isReady").asBoolean()) {
            throw new IllegalStateException("webhook not ready: " + webhook.raw().body());
        }
        String catalog = url("ingress") + "/v1/catalog/agents/default";
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> Api.get(catalog, credentials.app()).body().path("botIdentity").isTextual());
        return Api.get(catalog, credentials.app()).body().path("botIdentity").asText();
    }

    /** One webhook delivery of an update, exactly as Telegram makes it. */
    Api.Reply deliver(Map<String, Object> update) {
        return Api.post(url("ingress") + "/telegram/webhook", null, update,
                Map.of("X-Telegram-Bot-Api-Secret-Token", telegram.webhookOf(BOT_TOKEN).secretToken()));
    }

    private static void expectSuccess(Api.Reply reply) {
        if (reply.status() / 100 != 2) {
            throw new IllegalStateException(reply.status() + " " + reply.raw().uri() + ": " + reply.raw().body());
        }
    }

    ServiceProcess service(String name) {
        return services.get(name);
    }

    String url(String name) {
        return "http://127.0.0.1:" + ports.get(name);
    }

    private Map<String, String> common() {
        Map<String, String> properties = new HashMap<>();
        properties.put("quarkus.datasource.reactive.url",
                "postgresql://" + LocalInfra.PG_HOST + ":" + LocalInfra.PG_PORT + "/" + database);
        properties.put("quarkus.datasource.jdbc.url",
                "jdbc:postgresql://" + LocalInfra.PG_HOST + ":" + LocalInfra.PG_PORT + "/" + database);
        properties.put("quarkus.datasource.username", LocalInfra.PG_USER);
        properties.put("kafka.bootstrap.servers", LocalInfra.KAFKA);
        properties.put("af.kafka.topic-prefix", topicPrefix);
        properties.put("quarkus.log.console.json.enabled", "false");
        return properties;
    }

    private void createDatabase() throws Exception {
        try (Connection connection = LocalInfra.connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
    }

    @Override
    public void close() throws Exception {
        // the scheduler first, so that it spawns no replacement while the workers stop
        service("scheduler").stop();
        machines.stopAll(Duration.ofSeconds(20));
        List<ServiceProcess> reversed = new ArrayList<>(services.values());
        Collections.reverse(reversed);
        for (ServiceProcess service : reversed) {
            service.stop();
        }
        telegram.close();
        try (Connection connection = LocalInfra.connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /**
     * Distinct free ports: all sockets stay open until every port is known, since a port asked for and released
     * at once can be handed out again by the next ask (two services on one port, the second of which exits while
     * the first answers the readiness checks meant for it).
     */
    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    /** Production-strength credentials, fresh for every run, so the production start-up checks pass for real. */
    record Credentials(String admin, String app, String service, String workerSecret, String masterKey) {

        static Credentials generate() {
            return new Credentials(randomKey(), randomKey(), randomKey(), randomKey(), newMasterKey());
        }

        Map<String, String> environment() {
            return Map.of("AF_ADMIN_API_KEY", admin, "AF_APP_API_KEY", app, "AF_SERVICE_API_KEY", service,
                    "AF_WORKER_TOKEN_SECRET", workerSecret, "AF_SECRETS_MASTER_KEY", masterKey);
        }

        private static String randomKey() {
            byte[] bytes = new byte[30];
            new SecureRandom().nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }

        private static String newMasterKey() {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        }
    }
}
