package dev.agentfactory.provider;

import dev.agentfactory.platform.testing.LocalInfra;
import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads this run's database directly, for assertions on rows. */
public final class Sql {

    private Sql() {
    }

    public static List<String> history(String commandId) throws SQLException {
        return strings("SELECT status FROM provider.command_events WHERE command_id = ? ORDER BY id", commandId);
    }

    public static void execute(String sql, String... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, params);
            statement.executeUpdate();
        }
    }

    public static List<String> strings(String sql, String... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, params);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }

    private static Connection connect() throws SQLException {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        return LocalInfra.connect(url.substring(url.lastIndexOf('/') + 1));
    }

    private static void bind(PreparedStatement statement, String... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            statement.setString(i + 1, params[i]);
        }
    }
}
