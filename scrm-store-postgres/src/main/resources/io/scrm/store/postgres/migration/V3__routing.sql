-- Routing state shared by every instance: round-robin turns per team, and per agent the number of
-- open assignments (never above capacity, never below zero) and availability.

CREATE TABLE scrm_routing_turn (
  team        text PRIMARY KEY,
  next_turn   bigint NOT NULL CHECK (next_turn >= 0)
);

CREATE TABLE scrm_routing_agent (
  agent        text PRIMARY KEY,
  load         integer NOT NULL DEFAULT 0 CHECK (load >= 0),
  availability text NOT NULL DEFAULT 'AVAILABLE'
);
