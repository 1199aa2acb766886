-- Tenant deletion (two steps, then an outbox job) and the tombstone that keeps a deleted tenant's id.
-- Row-level security itself is installed by DatabaseMigrator after every migration, on every table that
-- has a tenant_id column (so tables added by later migrations are covered too): see ADR 0006.

alter table tenant drop constraint if exists tenant_status_check;
alter table tenant add constraint tenant_status_check
    check (status in ('active', 'suspended', 'deleting', 'deleted'));

-- Step 1 (POST /platform/tenants/{id}/deletion) stores the SHA-256 of a confirmation token valid 10 minutes;
-- step 2 (.../deletion/confirm) checks it, sets status 'deleting' and enqueues the tenant.delete job, which
-- records its progress here (JSON counts per store) and finally sets status 'deleted'.
alter table tenant add column deletion_token_hash     bytea;
alter table tenant add column deletion_token_expires  timestamptz;
alter table tenant add column deletion_requested_at   timestamptz;
alter table tenant add column deletion_progress       jsonb;
alter table tenant add column deleted_at              timestamptz;
