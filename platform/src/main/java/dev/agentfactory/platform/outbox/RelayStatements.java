package dev.agentfactory.platform.outbox;

/**
 * The relay's SQL for one schema's event log.
 *
 * @param nextBatch   rows after a cursor ({@code $1} txid as text, {@code $2} id), at most {@code $3}, in
 *                    {@code (txid, id)} order, each with {@code cursor_txid} (the txid as text) and whether its
 *                    transaction is older than every running one ({@code settled})
 * @param readCursor  the saved cursor of relay {@code $1}
 * @param saveCursor  saves relay {@code $1}'s cursor ({@code $2} txid as text, {@code $3} id)
 */
public record RelayStatements(String nextBatch, String readCursor, String saveCursor) {

    public static RelayStatements forSchema(String schema) {
        // the text form of txid has a name of its own: ORDER BY prefers an output column to a table column of
        // the same name, and ordering by text would put xid 100000 before 99999 (and skip the one the cursor
        // passed) as well as forgo the (txid, id) index
        return new RelayStatements(
                "SELECT id, txid::text AS cursor_txid, topic, event_key, envelope::text AS envelope,"
                        + " txid < pg_snapshot_xmin(pg_current_snapshot()) AS settled"
                        + " FROM " + schema + ".event_log WHERE (txid, id) > ($1::text::xid8, $2)"
                        + " ORDER BY txid, id LIMIT $3",
                "SELECT last_txid::text AS cursor_txid, last_id FROM " + schema + ".relay_position WHERE relay = $1",
                "INSERT INTO " + schema + ".relay_position (relay, last_txid, last_id) VALUES ($1, $2::text::xid8, $3)"
                        + " ON CONFLICT (relay) DO UPDATE SET last_txid = EXCLUDED.last_txid, last_id = EXCLUDED.last_id,"
                        + " updated_at = now()");
    }
}
