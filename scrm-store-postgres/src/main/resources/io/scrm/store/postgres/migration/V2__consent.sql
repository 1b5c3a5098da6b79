-- The consent ledger: append-only, hash-chained. Rows are never updated or deleted, except by erasure,
-- which replaces personal data with a pseudonym (the chain covers digests, not raw data, and still verifies).

CREATE TABLE scrm_consent_ledger (
  sequence    bigint PRIMARY KEY,
  subject     text NOT NULL,
  purpose     text NOT NULL,
  channel     text NOT NULL,
  at          timestamptz NOT NULL,
  hash        text NOT NULL,
  doc         jsonb NOT NULL
);
CREATE INDEX scrm_consent_ledger_slot ON scrm_consent_ledger (subject, purpose, channel, at, sequence);

CREATE FUNCTION scrm_consent_ledger_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND current_setting('scrm.erasure', true) = 'on'
     AND NEW.sequence = OLD.sequence AND NEW.hash = OLD.hash THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'scrm_consent_ledger is append-only (% refused)', TG_OP USING ERRCODE = 'P0001';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER scrm_consent_ledger_append_only BEFORE UPDATE OR DELETE ON scrm_consent_ledger
  FOR EACH ROW EXECUTE FUNCTION scrm_consent_ledger_append_only();

CREATE TABLE scrm_consent_restriction (
  subject     text PRIMARY KEY
);

CREATE TABLE scrm_consent_decision (
  audit_id    text PRIMARY KEY,
  subject     text NOT NULL,
  actor       text NOT NULL,
  at          timestamptz NOT NULL,
  doc         jsonb NOT NULL
);
CREATE INDEX scrm_consent_decision_subject ON scrm_consent_decision (subject, at);
CREATE INDEX scrm_consent_decision_actor ON scrm_consent_decision (actor);
