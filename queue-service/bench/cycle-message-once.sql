-- The design not taken, for comparison with cycle.sql: the same batch, but a message is written once per cycle.
-- The claim locks the conversation and only reads its head (which stays 'queued' while leased); the completion
-- writes the message once, 'done' with its attempt, lease, worker and claim time. Same schema, same seed.
-- pgbench -n -f cycle-message-once.sql -c 4 -j 2 -t 500 -M prepared -D leases='{}' -D n=16 <db>
-- (pair it with cycle.sql)
BEGIN;
WITH req AS (
 SELECT * FROM unnest(:leases::uuid[], ARRAY[]::text[], ARRAY[]::text[]) AS r(lease_id, worker_id, delta)
), c AS (
 SELECT cv.conversation_id, cv.head_seq, cv.worker_id, cv.lease_expires_at, req.lease_id, req.delta FROM queue.conversations cv
 JOIN req ON cv.lease_id = req.lease_id WHERE cv.lease_expires_at > now()
 AND (req.worker_id IS NULL OR cv.worker_id = req.worker_id) ORDER BY cv.conversation_id FOR UPDATE OF cv
), done AS (
 UPDATE queue.messages m SET status = 'done', attempt = m.attempt + 1, lease_id = c.lease_id, worker_id = c.worker_id,
 claimed_at = c.lease_expires_at - 60000 * interval '1 millisecond', finished_at = now() FROM c
 WHERE m.seq = c.head_seq AND m.status || '' = 'queued'
 RETURNING m.seq, m.message_id, m.conversation_id, m.workspace_id, m.agent_key, m.attempt, m.worker_id,
 c.lease_id, c.delta
), upd AS (
 UPDATE queue.conversations cv SET lease_id = NULL, worker_id = NULL, lease_expires_at = NULL,
 head_seq = n.seq, head_priority = n.priority, head_available_at = n.available_at,
 queued = CASE WHEN n.seq IS NULL THEN 0 ELSE cv.queued END,
 hydration = CASE WHEN done.delta IS NULL THEN cv.hydration
 ELSE queue.jsonb_merge_patch(cv.hydration, done.delta::jsonb) END
 FROM done LEFT JOIN LATERAL (SELECT m.seq, m.priority, m.available_at FROM queue.messages m
 WHERE m.conversation_id = done.conversation_id AND m.status = 'queued' AND m.seq > done.seq ORDER BY m.seq LIMIT 1)
 n ON true
 WHERE cv.conversation_id = done.conversation_id
 RETURNING cv.conversation_id, cv.head_seq, cv.tail_seq,
 CASE WHEN cv.head_available_at <= now() THEN 0
 ELSE ceil(extract(epoch FROM cv.head_available_at - now()) * 1000)::bigint END AS due_ms
) SELECT count(*) FROM done JOIN upd USING (conversation_id);
WITH w AS (
 SELECT r.lease_id, r.worker_id, row_number() OVER (ORDER BY r.ord) AS ord
 FROM unnest(ARRAY(SELECT gen_random_uuid() FROM generate_series(1, :n)),
             ARRAY(SELECT 'w' || :client_id || '-' || g FROM generate_series(1, :n) g))
      WITH ORDINALITY AS r(lease_id, worker_id, ord)
 WHERE coalesce((SELECT s.status FROM queue.workers s WHERE s.worker_id = r.worker_id), 'active') = 'active'
), pick AS (
 SELECT p.conversation_id, p.head_seq, row_number() OVER (ORDER BY p.head_priority DESC, p.head_seq) AS ord FROM (
 SELECT c.conversation_id, c.head_seq, c.head_priority FROM queue.conversations c
 WHERE c.head_seq IS NOT NULL AND c.lease_id IS NULL AND c.head_available_at <= now()
 ORDER BY c.head_priority DESC, c.head_seq LIMIT (SELECT count(*) FROM w) FOR UPDATE SKIP LOCKED) p
), locked AS (
 UPDATE queue.conversations c SET lease_id = w.lease_id, worker_id = w.worker_id,
 lease_expires_at = now() + 60000 * interval '1 millisecond', queued = c.queued - 1
 FROM pick JOIN w USING (ord) WHERE c.conversation_id = pick.conversation_id
 RETURNING c.head_seq, c.lease_id, c.worker_id, c.lease_expires_at
), claimed AS (
 SELECT m.message_id, m.conversation_id, m.workspace_id, m.agent_key, m.priority, m.origin,
 m.received_at, m.consumer_user_id, m.payload::text AS payload, m.attempt + 1 AS attempt, locked.lease_id
 FROM locked JOIN queue.messages m ON m.seq = locked.head_seq
) SELECT coalesce(array_agg(lease_id), '{}')::text AS leases FROM claimed \gset
INSERT INTO queue.event_log (event_id, topic, event_key, event_type, envelope)
SELECT e.event_id, 'af.queue.lifecycle.v1', e.event_key, e.event_type, e.envelope::jsonb
-- version 7 event ids, as the service writes them: the milliseconds over the first six bytes of a random uuid
FROM unnest(ARRAY(SELECT encode(set_byte(v, 6, get_byte(v, 6) & 15 | 112), 'hex')::uuid FROM (
             SELECT overlay(uuid_send(gen_random_uuid()) PLACING
               substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6) AS v
             FROM generate_series(1, 2 * :n)) ids),
            ARRAY(SELECT 'conv-' || g FROM generate_series(1, 2 * :n) g),
            ARRAY(SELECT 'queue.message.claimed' FROM generate_series(1, 2 * :n)),
            ARRAY(SELECT jsonb_build_object('type', 'queue.message.claimed', 'data',
                  jsonb_build_object('messageId', 'm' || g, 'attempt', 1))::text FROM generate_series(1, 2 * :n) g))
     WITH ORDINALITY AS e(event_id, event_key, event_type, envelope, ord) ORDER BY e.ord;
COMMIT;
