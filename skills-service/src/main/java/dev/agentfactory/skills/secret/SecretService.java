package dev.agentfactory.skills.secret;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Imports, reports and resolves secrets. Logs name refs and versions, never values. */
@ApplicationScoped
public class SecretService {

    private static final Logger LOG = Logger.getLogger(SecretService.class);

    private final Pool pool;
    private final SecretStore store;

    public SecretService(Pool pool, SecretStore store) {
        this.pool = pool;
        this.store = store;
    }

    public Uni<SecretStatus> put(String ref, String plaintext) {
        return pool.withTransaction(tx -> store.put(tx, ref, plaintext))
                .invoke(status -> LOG.infof("stored secret %s version %d", ref, status.activeVersion()));
    }

    public Uni<List<SecretStatus>> status(List<String> refs) {
        return store.status(pool, List.copyOf(new LinkedHashSet<>(refs)));
    }

    public Uni<Resolution> resolve(List<String> refs) {
        Set<String> wanted = new LinkedHashSet<>(refs);
        return store.resolve(pool, wanted).map(values -> {
            List<String> missing = new ArrayList<>();
            wanted.forEach(ref -> {
                if (!values.containsKey(ref)) {
                    missing.add(ref);
                }
            });
            LOG.debugf("resolved %d of %d secret refs", values.size(), wanted.size());
            return new Resolution(values, missing);
        });
    }

    /** Resolved values by ref, and the refs that have no active value. */
    public record Resolution(Map<String, String> values, List<String> missing) {
        @Override
        public String toString() {
            return "Resolution[refs=" + values.keySet() + ", missing=" + missing + "]";
        }
    }
}
