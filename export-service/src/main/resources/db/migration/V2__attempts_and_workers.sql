-- Resuming interrupted jobs (docs/adr/0034): each run of a job is an attempt, owned by one worker
-- process. A replica beats for its running jobs; a job whose beat stopped is taken over by another
-- replica as the next attempt. Writes of an attempt (progress, completion) name it, so a worker
-- that lost its job (taken over while it was paused) can no longer change it.
alter table export_job add column attempt int not null default 0;
alter table export_job add column worker text;

-- Jobs that ended before this migration ran once, with the file name of attempt 1.
update export_job set attempt = 1 where status not in ('queued');
