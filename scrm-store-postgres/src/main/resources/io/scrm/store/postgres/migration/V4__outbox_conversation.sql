-- The conversation of an outbound message (its channel and thread, or its channel and recipient when
-- it starts one): a conversation's messages go out in the order they were created, so a claim takes
-- only the oldest pending message of each.

ALTER TABLE scrm_outbox ADD COLUMN conversation text;
UPDATE scrm_outbox SET conversation = CASE
    WHEN doc->>'threadId' IS NOT NULL THEN (doc->>'channel') || ':t:' || (doc->>'threadId')
    ELSE (doc->>'channel') || ':r:' || recipient
  END;
ALTER TABLE scrm_outbox ALTER COLUMN conversation SET NOT NULL;
CREATE INDEX scrm_outbox_conversation ON scrm_outbox (conversation, created_at, id) WHERE status = 'PENDING';
