-- Replies of writes made with an Idempotency-Key (platform/common IdempotencyKeys). The key is
-- claimed in the write's own transaction, so a concurrent twin waits for it and then replays the
-- committed reply, and a rolled-back write releases it. `scope` is the tenant id (or `platform`
-- for platform-admin calls). Infrastructure read by key only, never listed: no row-level security.
create table idempotency_claim (
    scope       text        not null,
    key         text        not null,
    fingerprint text        not null,
    status      integer,
    body        text,
    etag        text,
    location    text,
    created_at  timestamptz not null default now(),
    primary key (scope, key)
);

create index idempotency_claim_age on idempotency_claim (created_at);
