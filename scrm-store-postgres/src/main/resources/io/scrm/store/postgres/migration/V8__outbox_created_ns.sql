-- The nanoseconds of an outbound message's creation time below the microsecond timestamptz keeps, so
-- that a conversation's messages created within one microsecond go out in creation order, as in memory.
-- Rows already stored take them from their documents (ISO-8601, nine digits when any is below a microsecond).

ALTER TABLE scrm_outbox ADD COLUMN created_ns integer NOT NULL DEFAULT 0;
UPDATE scrm_outbox SET created_ns = CAST(substring(doc->>'createdAt' FROM '\.[0-9]{6}([0-9]{3})Z$') AS integer)
  WHERE doc->>'createdAt' ~ '\.[0-9]{9}Z$';
DROP INDEX scrm_outbox_conversation;
CREATE INDEX scrm_outbox_conversation ON scrm_outbox (conversation, created_at, created_ns, (id COLLATE "C"))
  WHERE status = 'PENDING';
