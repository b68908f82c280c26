package dev.agentfactory.skills.secret;

import dev.agentfactory.skills.crypto.SecretCipher;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SQL of the secret store. Values are sealed before they reach a statement and opened after they leave one. */
@ApplicationScoped
public class SecretStore {

    private static final String NEXT_VERSION = "INSERT INTO skills.secret_refs (ref, active_version, updated_at)"
            + " VALUES ($1, 1, $2) ON CONFLICT (ref) DO UPDATE"
            + " SET active_version = skills.secret_refs.active_version + 1, updated_at = EXCLUDED.updated_at"
            + " RETURNING active_version";
    private static final String INSERT_VERSION = "INSERT INTO skills.secret_versions"
            + " (ref, version, key_id, nonce, ciphertext, created_at) VALUES ($1, $2, $3, $4, $5, $6)";
    private static final String STATUS = "SELECT ref, active_version, updated_at FROM skills.secret_refs"
            + " WHERE ref = ANY($1)";
    private static final String ACTIVE = "SELECT v.ref, v.version, v.key_id, v.nonce, v.ciphertext"
            + " FROM skills.secret_refs r JOIN skills.secret_versions v ON v.ref = r.ref AND v.version = r.active_version"
            + " WHERE r.ref = ANY($1)";

    private final SecretCipher cipher;

    public SecretStore(SecretCipher cipher) {
        this.cipher = cipher;
    }

    /** Stores a new active version of {@code ref}; call inside a transaction. */
    public Uni<SecretStatus> put(SqlClient tx, String ref, String plaintext) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        return tx.preparedQuery(NEXT_VERSION).execute(Tuple.of(ref, at))
                .map(rows -> rows.iterator().next().getInteger("active_version"))
                .chain(version -> {
                    SecretCipher.Sealed sealed = cipher.seal(ref, version, plaintext);
                    Tuple row = Tuple.tuple().addString(ref).addInteger(version).addString(sealed.keyId())
                            .addBuffer(io.vertx.mutiny.core.buffer.Buffer.buffer(sealed.nonce()))
                            .addBuffer(io.vertx.mutiny.core.buffer.Buffer.buffer(sealed.ciphertext()))
                            .addOffsetDateTime(at);
                    return tx.preparedQuery(INSERT_VERSION).execute(row)
                            .replaceWith(new SecretStatus(ref, true, version, now));
                });
    }

    /** Status of each ref, in the order asked. */
    public Uni<List<SecretStatus>> status(SqlClient client, List<String> refs) {
        return client.preparedQuery(STATUS).execute(Tuple.tuple().addArrayOfString(refs.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, SecretStatus> found = new LinkedHashMap<>();
                    for (Row row : rows) {
                        found.put(row.getString("ref"), new SecretStatus(row.getString("ref"), true,
                                row.getInteger("active_version"), row.getOffsetDateTime("updated_at").toInstant()));
                    }
                    List<SecretStatus> answer = new ArrayList<>();
                    refs.forEach(ref -> answer.add(found.getOrDefault(ref, SecretStatus.absent(ref))));
                    return answer;
                });
    }

    /** Plaintext of the active version of every ref that has one; absent refs are simply not in the map. */
    public Uni<Map<String, String>> resolve(SqlClient client, Collection<String> refs) {
        if (refs.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.preparedQuery(ACTIVE).execute(Tuple.tuple().addArrayOfString(refs.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, String> values = new LinkedHashMap<>();
                    for (Row row : rows) {
                        String ref = row.getString("ref");
                        values.put(ref, cipher.open(ref, row.getInteger("version"), row.getString("key_id"),
                                row.getBuffer("nonce").getBytes(), row.getBuffer("ciphertext").getBytes()));
                    }
                    return values;
                });
    }
}
