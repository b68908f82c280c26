-- One batch of worker cycles as the service runs it under load: complete the :n leases this client claimed
-- last time (advancing each conversation's head), claim :n next messages, append the 2 × :n lifecycle events;
-- one transaction. :n clients' worth of workers share it, as they share one in the service. Prepared statements,
-- as the service runs them (each parsed once per connection; the variables travel as parameters).
-- With refill=1 (and conversations = the seeded number), each completed message is replaced by a new one in a
-- conversation drawn at random, as the HTTP driver's steady level does, so the backlog keeps its size (a
-- conversation locked at that moment is skipped and owed to the client's next round); with refill=0 it drains
-- (10k messages last about a second at the ceiling: count the completed rows then, not tps × n).
-- pgbench -n -f cycle.sql -c 4 -j 2 -T 30 -M prepared -D leases='{}' -D n=16 -D refill=1 -D conversations=1000 \
--   -D owed=0 <db>
BEGIN;
WITH req AS (
 SELECT * FROM unnest(:leases::uuid[], ARRAY[]::text[], ARRAY[]::text[]) AS r(lease_id, worker_id, delta)
), c AS (
 SELECT cv.conversation_id, cv.head_seq, req.lease_id, req.delta FROM queue.conversations cv
 JOIN req ON cv.lease_id = req.lease_id WHERE cv.lease_expires_at > now()
 AND (req.worker_id IS NULL OR cv.worker_id = req.worker_id) ORDER BY cv.conversation_id FOR UPDATE OF cv
), done AS (
 UPDATE queue.messages m SET status = 'done', finished_at = now() FROM c
 WHERE m.seq = c.head_seq AND m.status || '' = 'leased'
 RETURNING m.seq, m.message_id, m.conversation_id, m.workspace_id, m.agent_key, m.attempt, m.worker_id,
 c.lease_id, c.delta
), upd AS (
 UPDATE queue.conversations cv SET lease_id = NULL, worker_id = NULL, lease_expires_at = NULL,
 head_seq = n.seq, head_priority = n.priority, head_available_at = n.available_at,
 queued = CASE WHEN n.seq IS NULL THEN 0 ELSE cv.queued END,
 hydration = CASE WHEN done.delta IS NULL THEN cv.hydration
 ELSE queue.jsonb_merge_patch(cv.hydration, done.delta::jsonb) END
 FROM done LEFT JOIN LATERAL (SELECT m.seq, m.priority, m.available_at FROM queue.messages m
 WHERE m.conversation_id = done.conversation_id AND m.status = 'queued' ORDER BY m.seq LIMIT 1) n ON true
 WHERE cv.conversation_id = done.conversation_id
 RETURNING cv.conversation_id, cv.head_seq, cv.tail_seq,
 CASE WHEN cv.head_available_at <= now() THEN 0
 ELSE ceil(extract(epoch FROM cv.head_available_at - now()) * 1000)::bigint END AS due_ms
) SELECT count(*) AS completed FROM done JOIN upd USING (conversation_id) \gset
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
 UPDATE queue.messages m SET status = 'leased', attempt = m.attempt + 1, lease_id = locked.lease_id,
 worker_id = locked.worker_id, claimed_at = now() FROM locked WHERE m.seq = locked.head_seq
 RETURNING m.message_id, m.conversation_id, m.workspace_id, m.agent_key, m.priority, m.origin,
 m.received_at, m.consumer_user_id, m.payload::text AS payload, m.attempt, locked.lease_id
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
\if :refill
\set wanted :completed + :owed
WITH want AS (
 SELECT DISTINCT 'conv-' || floor(random() * :conversations)::int AS conversation_id
 FROM generate_series(0, 2 * :wanted) LIMIT :wanted
), pick AS (
 SELECT c.conversation_id FROM queue.conversations c JOIN want USING (conversation_id)
 ORDER BY c.conversation_id FOR UPDATE OF c SKIP LOCKED
), added AS (
 INSERT INTO queue.messages (message_id, workspace_id, agent_key, conversation_id, priority, status, available_at,
 origin, payload)
 SELECT 'refill:' || gen_random_uuid(), 'default', 'support-en', conversation_id, floor(random() * 10)::smallint,
 'queued', now(), 'api', '{"kind":"api","text":"refill"}' FROM pick RETURNING seq, conversation_id, priority, available_at
), head AS (
 UPDATE queue.conversations c SET tail_seq = greatest(c.tail_seq, a.seq), queued = c.queued + 1,
 head_seq = coalesce(c.head_seq, a.seq),
 head_priority = CASE WHEN c.head_seq IS NULL THEN a.priority ELSE c.head_priority END,
 head_available_at = CASE WHEN c.head_seq IS NULL THEN a.available_at ELSE c.head_available_at END
 FROM added a WHERE c.conversation_id = a.conversation_id RETURNING 1
) SELECT count(*) AS added FROM head \gset
\set owed :wanted - :added
\endif
