-- How many of a conversation's messages are queued, kept by every statement that moves a message into or out of
-- 'queued' (enqueue +1, claim -1, retry or lease expiry +1, head re-derivation recounts, a completion that leaves
-- no queued message sets 0). The depth of a workspace then sums its conversations with work instead of counting
-- every queued message.
ALTER TABLE conversations ADD COLUMN queued INT NOT NULL DEFAULT 0;
UPDATE conversations c SET queued = q.n
FROM (SELECT conversation_id, count(*) AS n FROM messages WHERE status = 'queued' GROUP BY conversation_id) q
WHERE q.conversation_id = c.conversation_id;
