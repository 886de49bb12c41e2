-- Who made the change: the subject of the caller's token, published as the CloudEvents extension
-- `actor` (header ce_actor) so that the audit log and integrators can tell who did what.
alter table outbox_event add column actor text;
