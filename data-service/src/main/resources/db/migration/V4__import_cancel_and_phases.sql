-- Imports can be cancelled (POST .../imports/{id}/cancel), and a job keeps how long each phase of
-- its load took (docs/adr/0040-fast-csv-loads.md).
alter table import_job drop constraint import_job_status_check;
alter table import_job add constraint import_job_status_check
    check (status in ('queued', 'running', 'completed', 'failed', 'cancelled'));

-- Milliseconds per phase: {"upload": 1200, "read": 4100, "copyWait": 900, "insert": ..., "indexes": ..., ...}.
alter table import_job add column phases jsonb not null default '{}';
