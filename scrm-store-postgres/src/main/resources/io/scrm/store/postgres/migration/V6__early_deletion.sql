-- Deletions heard before their messages, shared by every instance: the instance that stores the
-- message records the deletion. Kept for a retention counted from heard_at (48 hours); older rows are
-- deleted as new ones are written. A row holds a message id and two times, no text and no contact.

CREATE TABLE scrm_early_deletion (
  message     text PRIMARY KEY,
  deleted_at  timestamptz NOT NULL,
  heard_at    timestamptz NOT NULL
);
CREATE INDEX scrm_early_deletion_heard ON scrm_early_deletion (heard_at);
