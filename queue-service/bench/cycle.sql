-- One worker cycle as the service runs it: complete the held lease (advancing the conversation's head),
-- claim the next message, append the two lifecycle events; one transaction.
-- pgbench -n -f cycle.sql -c 16 -j 2 -T 30 -D lease="'00000000-0000-0000-0000-000000000000'" <db>
\set worker random(1, 1000000)
BEGIN;
WITH c AS (
 SELECT conversation_id, head_seq FROM queue.conversations WHERE lease_id = :lease::uuid
 AND lease_expires_at > now() FOR UPDATE
), done AS (
 UPDATE queue.messages m SET status = 'done', finished_at = now() FROM c
 WHERE m.seq = c.head_seq AND m.status = 'leased'
 RETURNING m.seq, m.message_id, m.conversation_id
), nxt AS (
 SELECT m.seq, m.priority, m.available_at FROM queue.messages m, c
 WHERE m.conversation_id = c.conversation_id AND m.status = 'queued' ORDER BY m.seq LIMIT 1
), upd AS (
 UPDATE queue.conversations cv SET lease_id = NULL, worker_id = NULL, lease_expires_at = NULL,
 head_seq = (SELECT seq FROM nxt), head_priority = (SELECT priority FROM nxt),
 head_available_at = (SELECT available_at FROM nxt)
 FROM done WHERE cv.conversation_id = done.conversation_id RETURNING cv.head_seq
) SELECT count(*) FROM done, upd;
WITH pick AS (
 SELECT c.conversation_id, c.head_seq FROM queue.conversations c
 WHERE c.head_seq IS NOT NULL AND c.lease_id IS NULL AND c.head_available_at <= now()
 AND coalesce((SELECT w.status FROM queue.workers w WHERE w.worker_id = 'w' || :worker), 'active') = 'active'
 ORDER BY c.head_priority DESC, c.head_seq LIMIT 1 FOR UPDATE SKIP LOCKED
), locked AS (
 UPDATE queue.conversations c SET lease_id = gen_random_uuid(), worker_id = 'w' || :worker,
 lease_expires_at = now() + interval '60 seconds'
 FROM pick WHERE c.conversation_id = pick.conversation_id RETURNING c.head_seq, c.lease_id
) UPDATE queue.messages m SET status = 'leased', attempt = m.attempt + 1, lease_id = locked.lease_id,
 worker_id = 'w' || :worker, claimed_at = now() FROM locked WHERE m.seq = locked.head_seq
RETURNING quote_literal(locked.lease_id::text) AS lease \gset
INSERT INTO queue.event_log (event_id, topic, event_key, event_type, envelope) VALUES
 (gen_random_uuid(), 'af.queue.lifecycle.v1', 'k', 'queue.message.completed',
  jsonb_build_object('type', 'queue.message.completed', 'data', jsonb_build_object('messageId', 'x', 'attempt', 1))),
 (gen_random_uuid(), 'af.queue.lifecycle.v1', 'k', 'queue.message.claimed',
  jsonb_build_object('type', 'queue.message.claimed', 'data', jsonb_build_object('messageId', 'y', 'attempt', 1)));
COMMIT;
