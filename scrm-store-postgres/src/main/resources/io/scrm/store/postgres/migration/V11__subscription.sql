-- Topic subscriptions of broadcasts, shared by every instance: one row per topic, person and channel,
-- the first one kept ("INSERT ... ON CONFLICT DO NOTHING"). since_ns holds the nanoseconds of the
-- subscription's time below the microsecond timestamptz keeps, so that it reads back exactly.
-- A row holds a contact id and the person's conversation on the channel: erasure deletes it by contact.

CREATE TABLE scrm_subscription (
  topic     text NOT NULL,
  contact   text NOT NULL,
  channel   text NOT NULL,
  thread    text,
  since     timestamptz NOT NULL,
  since_ns  integer NOT NULL DEFAULT 0,
  PRIMARY KEY (topic, contact, channel)
);
CREATE INDEX scrm_subscription_contact ON scrm_subscription (contact);
