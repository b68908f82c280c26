package dev.agentfactory.queue.claim;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * "A conversation became claimable": NOTIFY in the transaction that made it so (delivered on commit, to every
 * replica), or at once when a delay ran out ({@link DueAlarm}); LISTEN on one dedicated connection per instance,
 * which wakes that many local waiters.
 */
@ApplicationScoped
public class ReadySignal {

    static final String CHANNEL = "queue_ready";
    private static final Logger LOG = Logger.getLogger(ReadySignal.class);

    private final Pool pool;
    private final Vertx vertx;
    private final Waiters waiters;
    private volatile SqlConnection listener;
    private volatile boolean stopped;

    public ReadySignal(Pool pool, Vertx vertx, Waiters waiters) {
        this.pool = pool;
        this.vertx = vertx;
        this.waiters = waiters;
    }

    void onStart(@Observes StartupEvent event) {
        connect();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        SqlConnection connection = listener;
        if (connection != null) {
            connection.closeAndForget();
        }
    }

    /** Announces {@code count} newly claimable conversations when {@code tx} commits. */
    public Uni<Void> notify(SqlClient tx, int count) {
        return tx.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(CHANNEL, Integer.toString(count)))
                .replaceWithVoid();
    }

    /**
     * Announces {@code count} conversations that became claimable outside any transaction of this service (their
     * time came), at once. A failed announcement is logged only: the waiters' re-check finds them in the end.
     */
    public void announce(int count) {
        notify(pool, count).subscribe().with(ok -> { },
                failure -> LOG.debugf("announcing %d due conversations failed: %s", count, failure.getMessage()));
    }

    private void connect() {
        pool.getConnection().subscribe().with(connection -> {
            listener = connection;
            PgConnection pg = PgConnection.cast(connection);
            pg.notificationHandler(notification -> waiters.wake(parse(notification.getPayload())));
            pg.closeHandler(() -> {
                listener = null;
                if (!stopped) {
                    vertx.setTimer(1000, id -> connect());
                }
            });
            connection.query("LISTEN " + CHANNEL).execute().subscribe().with(ok -> waiters.wake(waiters.size()),
                    this::retry);
        }, this::retry);
    }

    private void retry(Throwable failure) {
        if (stopped) {
            return;
        }
        LOG.warnf("ready listener unavailable (%s); retrying", failure.getMessage());
        SqlConnection connection = listener;
        listener = null;
        if (connection != null) {
            connection.closeAndForget();
        } else {
            vertx.setTimer(1000, id -> connect());
        }
    }

    private static int parse(String payload) {
        try {
            return Math.max(1, Integer.parseInt(payload));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
