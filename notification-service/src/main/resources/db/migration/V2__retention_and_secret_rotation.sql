-- Retention: finished webhook deliveries and read notifications are deleted after a retention
-- period by RetentionSweeper, on any replica, in small batches. The sweeper declares itself for
-- one transaction (set_config('panels.worker', 'retention-sweeper', true)) to reach every tenant's
-- rows; API calls never do, so for them the tenant policy stays the only way in.
create index webhook_delivery_finished on webhook_delivery (created_at) where status in ('succeeded', 'failed');
create index notification_read on notification (read_at) where read_at is not null;

create policy retention_sweeper on webhook_delivery using (current_setting('panels.worker', true) = 'retention-sweeper');
create policy retention_sweeper on notification using (current_setting('panels.worker', true) = 'retention-sweeper');

-- Secret rotation: during the overlap after a rotation both secrets sign each delivery. Secrets
-- are sealed with AES-256-GCM (SecretCipher: "v1.<key id>.<...>"); rows written before sealing
-- existed hold the plain "whsec_..." text until WebhookSecretSealing seals them at start-up.
alter table webhook add column previous_secret text;
alter table webhook add column previous_secret_until timestamptz;
