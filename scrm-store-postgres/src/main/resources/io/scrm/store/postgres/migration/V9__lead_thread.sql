-- At most one open lead per (prospect, source channel, source thread), across all instances, as there
-- is one open case per thread: two messages of one chat that arrive together start one lead.
ALTER TABLE scrm_lead ADD COLUMN thread_key text;
ALTER TABLE scrm_lead ADD COLUMN is_open boolean NOT NULL DEFAULT true;
UPDATE scrm_lead SET is_open = doc->>'stage' NOT IN ('WON', 'LOST');

-- Leads stored before take their thread from their source message, where it is still stored. Of two
-- open leads of one prospect in one thread (opened together by an earlier build), the latest, which
-- took the thread's later messages, gets the thread; the other stays open without one.
WITH source AS (
  SELECT l.id, l.is_open, i.thread_id, i.channel || ':' || i.thread_id AS key,
      row_number() OVER (PARTITION BY l.contact_id, i.channel, i.thread_id, l.is_open
          ORDER BY l.created_at DESC, l.id COLLATE "C" DESC) AS latest
    FROM scrm_lead l JOIN scrm_interaction i ON i.id = l.doc->>'sourceInteraction'
    WHERE l.doc->>'sourceThread' IS NULL
)
UPDATE scrm_lead l SET thread_key = s.key, doc = jsonb_set(l.doc, '{sourceThread}', to_jsonb(s.thread_id))
  FROM source s
  WHERE l.id = s.id AND (NOT s.is_open OR s.latest = 1);

CREATE UNIQUE INDEX scrm_lead_open_thread ON scrm_lead (thread_key, contact_id) WHERE is_open;
