-- The naive design the queue's issue gives for scale: one message per transaction, two transactions per cycle —
-- claim the head of a free conversation (SKIP LOCKED), then complete it and advance the conversation's head —
-- on its own minimal tables (naive-seed.sql), no lifecycle events. Each transaction is one statement (its steps
-- as data-modifying CTEs, so the naive design pays no extra round trips), prepared. The issue puts it at about
-- 2,700 cycles/s with 16 clients on its reference machine; run on another host, it tells how that host compares.
-- psql -v messages=1000000 -v conversations=100000 -f naive-seed.sql <db>
-- pgbench -n -f naive.sql -c 16 -j 2 -T 30 -M prepared <db>
BEGIN;
WITH pick AS (
 SELECT c.conversation_id FROM naive.conversations c
 WHERE c.head_seq IS NOT NULL AND c.lease_id IS NULL
 ORDER BY c.head_priority DESC, c.head_seq LIMIT 1 FOR UPDATE SKIP LOCKED
), locked AS (
 UPDATE naive.conversations c SET lease_id = gen_random_uuid(), lease_expires_at = now() + interval '60 seconds'
 FROM pick WHERE c.conversation_id = pick.conversation_id
 RETURNING c.head_seq, c.lease_id
), claimed AS (
 UPDATE naive.messages m SET status = 'leased', attempt = m.attempt + 1, lease_id = locked.lease_id,
 claimed_at = now() FROM locked WHERE m.seq = locked.head_seq
 RETURNING m.payload::text AS payload, locked.lease_id
) SELECT count(*) AS got, coalesce(max(lease_id::text), '') AS lease FROM claimed \gset
COMMIT;
\if :got
BEGIN;
WITH c AS (
 SELECT cv.conversation_id, cv.head_seq FROM naive.conversations cv WHERE cv.lease_id = :lease::uuid FOR UPDATE
), done AS (
 UPDATE naive.messages m SET status = 'done', finished_at = now() FROM c WHERE m.seq = c.head_seq
 RETURNING m.conversation_id
) UPDATE naive.conversations cv SET lease_id = NULL, lease_expires_at = NULL, head_seq = n.seq,
 head_priority = n.priority
 FROM done LEFT JOIN LATERAL (SELECT m.seq, m.priority FROM naive.messages m
 WHERE m.conversation_id = done.conversation_id AND m.status = 'queued' ORDER BY m.seq LIMIT 1) n ON true
 WHERE cv.conversation_id = done.conversation_id;
COMMIT;
\endif
