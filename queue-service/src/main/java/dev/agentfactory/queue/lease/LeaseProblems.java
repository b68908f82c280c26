package dev.agentfactory.queue.lease;

import dev.agentfactory.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** Explains why a lease operation matched nothing: 403 for another worker's live lease, otherwise 409. */
@ApplicationScoped
public class LeaseProblems {

    private static final String LOOKUP = "SELECT worker_id, lease_expires_at > now() AS live"
            + " FROM queue.conversations WHERE lease_id = $1";

    public <T> Uni<T> explain(SqlClient client, UUID leaseId, String workerId) {
        return client.preparedQuery(LOOKUP).execute(Tuple.of(leaseId)).map(rows -> {
            if (rows.size() > 0) {
                var row = rows.iterator().next();
                if (Boolean.TRUE.equals(row.getBoolean("live")) && workerId != null
                        && !workerId.equals(row.getString("worker_id"))) {
                    throw ProblemException.forbidden("lease " + leaseId + " belongs to another worker");
                }
            }
            throw ProblemException.conflict("lease-lost", "lease " + leaseId
                    + " is not held any more (expired, completed, failed or unknown)");
        });
    }
}
