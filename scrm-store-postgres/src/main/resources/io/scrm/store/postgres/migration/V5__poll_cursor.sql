-- Poll cursors shared by every instance: per channel, how far its messages have been read and stored.
-- A cursor moves only from the value its writer read ("UPDATE ... WHERE channel = ? AND cursor = ?").

CREATE TABLE scrm_poll_cursor (
  channel     text PRIMARY KEY,
  cursor      text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
