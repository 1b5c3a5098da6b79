-- The nanoseconds of an outbound message's next attempt time below the microsecond timestamptz keeps,
-- so that a message is due, and a claim's lease ends, at the same nanosecond as in memory: truncated,
-- a lease ending within one microsecond ended up to 999 ns early, and a second dispatcher could
-- claim the message while the first one's lease still ran.
-- Rows already stored take them from their documents (ISO-8601, nine digits when any is below a microsecond).

ALTER TABLE scrm_outbox ADD COLUMN next_ns integer NOT NULL DEFAULT 0;
UPDATE scrm_outbox SET next_ns = CAST(substring(doc->>'nextAttemptAt' FROM '\.[0-9]{6}([0-9]{3})Z$') AS integer)
  WHERE doc->>'nextAttemptAt' ~ '\.[0-9]{9}Z$';
