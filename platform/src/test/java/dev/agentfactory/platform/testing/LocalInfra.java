package dev.agentfactory.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Gives a test run its own database on the local PostgreSQL and its own topic namespace on the local Kafka
 * broker (both started by deploy/local/up.sh), so runs never see each other's data, even concurrently.
 * Everything is dropped when the run ends.
 */
public class LocalInfra implements QuarkusTestResourceLifecycleManager {

    public static final String PG_HOST = env("AF_PG_HOST", "127.0.0.1");
    public static final String PG_PORT = env("AF_PG_PORT", "5432");
    public static final String PG_USER = env("AF_PG_USER", "postgres");
    public static final String KAFKA = env("AF_KAFKA_BOOTSTRAP", "127.0.0.1:9092");

    private String database;
    private String topicPrefix;

    @Override
    public Map<String, String> start() {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        database = "af_test_" + run;
        topicPrefix = "t" + run + ".";
        execute("CREATE DATABASE " + database);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.reactive.url", "postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database);
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database);
        config.put("quarkus.datasource.username", PG_USER);
        config.put("kafka.bootstrap.servers", KAFKA);
        config.put("af.kafka.topic-prefix", topicPrefix);
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
        if (topicPrefix != null) {
            deleteTopics(topicPrefix);
        }
    }

    /** A JDBC connection to the run's database, for tests that assert on rows. */
    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database, PG_USER, "");
    }

    private static void execute(String sql) {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("local PostgreSQL is not usable (run deploy/local/up.sh): " + e.getMessage(), e);
        }
    }

    private static void deleteTopics(String prefix) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            Set<String> ours = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith(prefix)).collect(Collectors.toSet());
            if (!ours.isEmpty()) {
                admin.deleteTopics(ours).all().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // leftover test topics are harmless; never fail a green run over cleanup
            System.err.println("could not delete test topics " + prefix + "*: " + e.getMessage());
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
