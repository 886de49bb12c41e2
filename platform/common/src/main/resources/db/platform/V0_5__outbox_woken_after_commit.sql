-- ADR 0048: writers no longer NOTIFY from a trigger. PostgreSQL commits notifying transactions one
-- at a time, which capped row writes at about 300 transactions/s; the relay is now woken in-process
-- when a change that appended events commits (Hibernate sessions still NOTIFY explicitly).
drop trigger if exists outbox_event_notify on outbox_event;
drop function if exists outbox_event_notify();
