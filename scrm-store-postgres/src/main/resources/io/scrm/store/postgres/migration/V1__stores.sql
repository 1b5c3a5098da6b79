-- scrm stores: each entity is a JSONB document plus the real columns its queries and unique keys need.
-- Versions live in their own column; updates are "UPDATE ... WHERE id = ? AND version = ?".

CREATE TABLE scrm_contact (
  id          text PRIMARY KEY,
  version     bigint NOT NULL,
  doc         jsonb NOT NULL
);

CREATE TABLE scrm_contact_point (
  contact_id  text NOT NULL REFERENCES scrm_contact (id) ON DELETE CASCADE,
  point_key   text NOT NULL,
  PRIMARY KEY (contact_id, point_key)
);
CREATE INDEX scrm_contact_point_key ON scrm_contact_point (point_key);

CREATE TABLE scrm_identity (
  channel     text NOT NULL,
  handle      text NOT NULL,
  contact_id  text NOT NULL,
  version     bigint NOT NULL,
  doc         jsonb NOT NULL,
  PRIMARY KEY (channel, handle)
);
CREATE INDEX scrm_identity_contact ON scrm_identity (contact_id);

-- the primary key is derived from (channel, external id): it is what makes de-duplication exact
CREATE TABLE scrm_interaction (
  id          text PRIMARY KEY,
  channel     text NOT NULL,
  external_id text NOT NULL,
  thread_id   text NOT NULL,
  author      text NOT NULL,
  occurred_at timestamptz NOT NULL,
  version     bigint NOT NULL,
  doc         jsonb NOT NULL,
  UNIQUE (channel, external_id)
);
CREATE INDEX scrm_interaction_thread ON scrm_interaction (channel, thread_id, occurred_at);
CREATE INDEX scrm_interaction_author ON scrm_interaction (author, occurred_at);

CREATE TABLE scrm_case (
  id            text PRIMARY KEY,
  contact_id    text NOT NULL,
  thread_key    text NOT NULL,
  is_open       boolean NOT NULL,
  opened_at     timestamptz NOT NULL,
  version       bigint NOT NULL,
  doc           jsonb NOT NULL
);
-- at most one open case per (origin channel, origin thread), across all instances
CREATE UNIQUE INDEX scrm_case_open_thread ON scrm_case (thread_key) WHERE is_open;
CREATE INDEX scrm_case_thread ON scrm_case (thread_key, opened_at);
CREATE INDEX scrm_case_contact ON scrm_case (contact_id, opened_at);

CREATE TABLE scrm_case_interaction (
  interaction_id text NOT NULL,
  case_id        text NOT NULL REFERENCES scrm_case (id) ON DELETE CASCADE,
  PRIMARY KEY (interaction_id, case_id)
);
CREATE INDEX scrm_case_interaction_case ON scrm_case_interaction (case_id);

CREATE TABLE scrm_lead (
  id          text PRIMARY KEY,
  contact_id  text NOT NULL,
  created_at  timestamptz NOT NULL,
  version     bigint NOT NULL,
  doc         jsonb NOT NULL
);
CREATE INDEX scrm_lead_contact ON scrm_lead (contact_id, created_at);

CREATE TABLE scrm_lead_interaction (
  interaction_id text NOT NULL,
  lead_id        text NOT NULL REFERENCES scrm_lead (id) ON DELETE CASCADE,
  PRIMARY KEY (interaction_id, lead_id)
);
CREATE INDEX scrm_lead_interaction_lead ON scrm_lead_interaction (lead_id);

CREATE TABLE scrm_outbox (
  id              text PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  status          text NOT NULL,
  recipient       text NOT NULL,
  created_at      timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  version         bigint NOT NULL,
  doc             jsonb NOT NULL
);
CREATE INDEX scrm_outbox_due ON scrm_outbox (next_attempt_at, created_at) WHERE status = 'PENDING';
CREATE INDEX scrm_outbox_status ON scrm_outbox (status, created_at);
CREATE INDEX scrm_outbox_recipient ON scrm_outbox (recipient, created_at);
