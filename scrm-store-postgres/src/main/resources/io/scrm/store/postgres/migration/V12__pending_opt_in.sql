-- Pending double opt-in requests and spent tokens, shared by every instance, so that a confirmation
-- link confirms on whichever instance it reaches, and after a restart. Keyed by the SHA-256 of the
-- token, never the token. Taking a request deletes its row and inserts its spent mark in one
-- transaction: of instances confirming one token at once, one deletes the row and the others find
-- the mark. requested_ns and expires_ns hold the nanoseconds below the microsecond timestamptz keeps.
-- A row holds a subject id and the submitted form fields: erasure deletes it by subject, and the
-- purge of the pending retention by its time. A spent mark holds the token's hash and time only.

CREATE TABLE scrm_pending_opt_in (
  token_hash        text PRIMARY KEY,
  subject           text NOT NULL,
  purpose           text NOT NULL,
  channel           text NOT NULL,
  notice_id         text NOT NULL,
  notice_version    integer NOT NULL,
  notice_language   text NOT NULL,
  notice_hash       text NOT NULL,
  fields            jsonb NOT NULL,
  evidence          jsonb NOT NULL,
  requested_at      timestamptz NOT NULL,
  requested_ns      integer NOT NULL DEFAULT 0,
  expires_at        timestamptz NOT NULL,
  expires_ns        integer NOT NULL DEFAULT 0,
  request_sequence  bigint NOT NULL
);
CREATE INDEX scrm_pending_opt_in_subject ON scrm_pending_opt_in (subject);
CREATE INDEX scrm_pending_opt_in_requested ON scrm_pending_opt_in (requested_at, requested_ns);

CREATE TABLE scrm_spent_opt_in (
  token_hash    text PRIMARY KEY,
  requested_at  timestamptz NOT NULL,
  requested_ns  integer NOT NULL DEFAULT 0
);
CREATE INDEX scrm_spent_opt_in_requested ON scrm_spent_opt_in (requested_at, requested_ns);
