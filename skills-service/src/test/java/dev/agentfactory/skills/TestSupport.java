package dev.agentfactory.skills;

import dev.agentfactory.platform.testing.LocalInfra;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** Access to what a test must inspect directly: the run's database and the captured log. */
final class TestSupport {

    static final Path LOG_FILE = Path.of("target/test-logs/skills-service.log");

    private TestSupport() {
    }

    static Connection db() throws SQLException {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        return LocalInfra.connect(url.substring(url.lastIndexOf('/') + 1));
    }

    static long count(String sql) throws SQLException {
        try (Connection c = db(); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String log() throws IOException {
        return Files.exists(LOG_FILE) ? Files.readString(LOG_FILE, StandardCharsets.UTF_8) : "";
    }
}
