-- Shared by every service (platform/common): the transactional outbox and the consumer-side
-- record of processed events. Versions 0.x are reserved for these platform migrations; a
-- service's own migrations start at V1 (docs/adr/0002-transactional-outbox.md).

-- Events waiting to be (or already) published. Written in the same transaction as the change
-- they describe; the OutboxRelay publishes them in `position` order and marks them.
-- Not tenant data read by any API, hence no row-level security: the relay reads every tenant's.
create table outbox_event (
    position     bigint generated always as identity primary key,
    id           uuid        not null unique,
    topic        text        not null,
    record_key   text,
    type         text        not null,
    source       text        not null,
    subject      text,
    tenant_id    uuid        not null,
    dataschema   text,
    occurred_at  timestamptz not null,
    payload      json        not null,
    request_id   text,
    traceparent  text,
    published_at timestamptz
);

create index outbox_event_unpublished on outbox_event (position) where published_at is null;
create index outbox_event_published on outbox_event (published_at) where published_at is not null;

-- Wakes the relay at commit time (NOTIFY is delivered on commit), so events leave within
-- milliseconds instead of waiting for the next poll. The payload names the schema.
create function outbox_event_notify() returns trigger
    language plpgsql as
$$
begin
    perform pg_notify('panels_outbox', tg_table_schema);
    return null;
end
$$;

create trigger outbox_event_notify
    after insert on outbox_event
    for each statement execute function outbox_event_notify();

-- Event ids a consumer has handled, written in the same transaction as the handling, so a
-- redelivered event (at-least-once delivery) changes nothing the second time.
create table processed_event (
    consumer     text        not null,
    event_id     uuid        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);

create index processed_event_age on processed_event (processed_at);
