package dev.agentfactory.platform.outbox;

import dev.agentfactory.platform.config.ServiceConfig;
import dev.agentfactory.platform.kafka.KafkaPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes the event log to Kafka in commit-safe order.
 * <p>
 * One replica per service publishes: it holds a session advisory lock on a dedicated connection, which also
 * LISTENs for the log's notification, so a commit wakes it within a millisecond. Rows go out in
 * {@code (txid, id)} order and only once every older transaction has finished ({@code txid} below the
 * snapshot's xmin), so a transaction that commits late can never be overtaken and skipped by the cursor.
 * The cursor advances only after Kafka acknowledged the whole batch: a crash re-sends at most one batch,
 * which consumers absorb by event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long SETTLE_RETRY_MS = 25;

    private final Pool pool;
    private final Vertx vertx;
    private final KafkaPublisher publisher;
    private final OutboxConfig config;
    private final String relayName;
    private final String channel;
    private final RelayStatements statements;
    private final Counter published;
    private final Counter rounds;

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean drainRequested = new AtomicBoolean();
    private volatile boolean leader;
    private volatile boolean stopped;
    private volatile SqlConnection listener;
    private volatile Cursor cursor;
    // long ago, so the first round starts at once
    private volatile long lastDrainStartNanos = System.nanoTime() - Duration.ofDays(1).toNanos();
    private long tickTimer = -1;

    public OutboxRelay(Pool pool, Vertx vertx, KafkaPublisher publisher, OutboxConfig config, ServiceConfig service,
                       MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        this.publisher = publisher;
        this.config = config;
        String schema = service.schema();
        this.relayName = schema + ".event_log";
        this.channel = "af_event_log_" + schema;
        this.statements = RelayStatements.forSchema(schema);
        this.published = Counter.builder("af.outbox.published").description("Events published from the event log")
                .tag("schema", schema).register(registry);
        this.rounds = Counter.builder("af.outbox.rounds").description("Rounds of reading the event log")
                .tag("schema", schema).register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        connect();
        tickTimer = vertx.setPeriodic(config.fallbackInterval().toMillis(), id -> tick());
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        if (tickTimer >= 0) {
            vertx.cancelTimer(tickTimer);
        }
        SqlConnection connection = listener;
        if (connection != null) {
            connection.closeAndForget();
        }
    }

    /** True while this replica holds the relay lock; exposed for health and tests. */
    public boolean isLeader() {
        return leader;
    }

    private void tick() {
        if (stopped) {
            return;
        }
        if (listener == null) {
            return; // a reconnect is already scheduled
        }
        if (leader) {
            requestDrain();
        } else {
            tryBecomeLeader(listener);
        }
    }

    private void connect() {
        pool.getConnection().subscribe().with(connection -> {
            listener = connection;
            PgConnection pg = PgConnection.cast(connection);
            pg.notificationHandler(notification -> requestDrain());
            pg.closeHandler(() -> {
                leader = false;
                listener = null;
                if (!stopped) {
                    LOG.warn("event log listener connection closed; reconnecting");
                    vertx.setTimer(config.retryBackoff().toMillis(), id -> connect());
                }
            });
            connection.query("LISTEN " + channel).execute().subscribe()
                    .with(ignored -> tryBecomeLeader(connection), this::onListenerFailure);
        }, this::onListenerFailure);
    }

    private void onListenerFailure(Throwable failure) {
        LOG.warnf("event log listener unavailable (%s); retrying", failure.getMessage());
        SqlConnection connection = listener;
        listener = null;
        leader = false;
        if (connection != null) {
            connection.closeAndForget();
        } else if (!stopped) {
            vertx.setTimer(config.retryBackoff().toMillis(), id -> connect());
        }
    }

    private void tryBecomeLeader(SqlConnection connection) {
        connection.preparedQuery("SELECT pg_try_advisory_lock(hashtext($1)) AS locked").execute(Tuple.of(relayName))
                .subscribe().with(rows -> {
                    boolean locked = rows.iterator().next().getBoolean("locked");
                    if (locked && !leader) {
                        LOG.infof("publishing %s to Kafka", relayName);
                        cursor = null; // reload: another replica may have advanced it
                        leader = true;
                        requestDrain();
                    }
                }, this::onListenerFailure);
    }

    private void requestDrain() {
        if (!leader || stopped) {
            return;
        }
        drainRequested.set(true);
        if (!draining.compareAndSet(false, true)) {
            return; // the running or scheduled drain loops again because drainRequested is set
        }
        // under load every commit notifies: one round per commit would cost a read, a cursor save and a commit
        // each; rounds spaced by min-drain-interval take everything committed meanwhile in one go
        long wait = config.minDrainInterval().toNanos() - (System.nanoTime() - lastDrainStartNanos);
        if (wait > 0) {
            vertx.setTimer(Math.max(1, wait / 1_000_000), id -> drain());
        } else {
            drain();
        }
    }

    /** Runs one round; {@code draining} is held by the caller and released here when the round ends. */
    private void drain() {
        if (!leader || stopped) {
            draining.set(false);
            return;
        }
        drainRequested.set(false);
        lastDrainStartNanos = System.nanoTime();
        rounds.increment();
        drainOnce().subscribe().with(outcome -> {
            if (outcome == Outcome.MORE) {
                drain(); // a backlog: straight on
                return;
            }
            draining.set(false);
            if (drainRequested.get()) {
                requestDrain();
            } else if (outcome == Outcome.WAITING_FOR_OLDER_TRANSACTION) {
                vertx.setTimer(SETTLE_RETRY_MS, id -> requestDrain());
            }
        }, failure -> {
            draining.set(false);
            LOG.warnf("publishing %s failed (%s); retrying from the last acknowledged event", relayName,
                    failure.getMessage());
            vertx.setTimer(config.retryBackoff().toMillis(), id -> requestDrain());
        });
    }

    private Uni<Outcome> drainOnce() {
        return currentCursor().chain(from -> pool.preparedQuery(statements.nextBatch())
                .execute(Tuple.of(from.txid(), from.id(), config.batchSize()))
                .chain(rows -> {
                    List<Row> settled = new ArrayList<>();
                    boolean waiting = false;
                    for (Row row : rows) {
                        if (!row.getBoolean("settled")) {
                            waiting = true;
                            break;
                        }
                        settled.add(row);
                    }
                    Outcome outcome = waiting ? Outcome.WAITING_FOR_OLDER_TRANSACTION
                            : rows.size() == config.batchSize() ? Outcome.MORE : Outcome.DONE;
                    if (settled.isEmpty()) {
                        return Uni.createFrom().item(outcome);
                    }
                    return publish(settled).replaceWith(outcome);
                }));
    }

    private Uni<Void> publish(List<Row> rows) {
        List<Uni<org.apache.kafka.clients.producer.RecordMetadata>> sends = new ArrayList<>(rows.size());
        for (Row row : rows) {
            sends.add(publisher.publish(row.getString("topic"), row.getString("event_key"), row.getString("envelope")));
        }
        Row last = rows.get(rows.size() - 1);
        Cursor next = new Cursor(last.getString("cursor_txid"), last.getLong("id"));
        return Uni.join().all(sends).andFailFast()
                .chain(() -> pool.preparedQuery(statements.saveCursor()).execute(Tuple.of(relayName, next.txid(), next.id())))
                .invoke(() -> {
                    cursor = next;
                    published.increment(rows.size());
                })
                .replaceWithVoid();
    }

    private Uni<Cursor> currentCursor() {
        Cursor known = cursor;
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return pool.preparedQuery(statements.readCursor()).execute(Tuple.of(relayName)).map(rows -> {
            Cursor loaded = rows.iterator().hasNext()
                    ? new Cursor(rows.iterator().next().getString("cursor_txid"), rows.iterator().next().getLong("last_id"))
                    : new Cursor("0", 0L);
            cursor = loaded;
            return loaded;
        });
    }

    private enum Outcome { DONE, MORE, WAITING_FOR_OLDER_TRANSACTION }

    private record Cursor(String txid, long id) {
    }
}
