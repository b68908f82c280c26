-- Seeds :messages queued messages over :conversations conversations into an empty queue schema.
-- psql -v messages=1000000 -v conversations=100000 -f seed.sql
-- A failed statement fails the run (exit 3), so the caller never measures a backlog other than the one it asked for.
\set ON_ERROR_STOP on
SET search_path = queue;
-- conversations before messages, as completions and claims lock them (the deadlock seen at a warm-up's end was
-- with one of them still finishing); a claim also reads workers first, so the driver retries a reseed that fails
TRUNCATE conversations, messages, workers RESTART IDENTITY;
INSERT INTO messages (message_id, workspace_id, agent_key, conversation_id, priority, status, available_at, origin, payload)
SELECT 'bench:' || g, 'default', 'support-en', 'conv-' || (g % :conversations), (g % 10)::smallint, 'queued',
       now() - interval '1 minute', 'api', jsonb_build_object('kind', 'api', 'text', 'message ' || g)
FROM generate_series(1, :messages) g;
INSERT INTO conversations (conversation_id, workspace_id, agent_key, head_seq, head_priority, head_available_at, tail_seq,
                           queued)
SELECT m.conversation_id, 'default', 'support-en', min(m.seq),
       (array_agg(m.priority ORDER BY m.seq))[1], min(m.available_at), max(m.seq), count(*)
FROM messages m GROUP BY m.conversation_id;
VACUUM ANALYZE messages;
VACUUM ANALYZE conversations;
-- flush the seed's writes now, not in the middle of the measurement
CHECKPOINT;
