-- Analytics rollups, per tenant per UTC day, kept up to date by analytics.AnalyticsJob from the messages
-- committed since its watermark (never by scanning all messages when someone looks at a dashboard).

-- The inserting transaction's id on every message. A transaction id below the oldest one still running
-- (pg_snapshot_xmin) belongs to a finished transaction, so no message can appear later below that horizon:
-- the job reads (created_xid, id) in order up to it and never misses a message whose transaction committed
-- late, whatever its created_at. The volatile default gives existing rows the migration's id (they are
-- counted by the first run, in batches) and every new row its own.
alter table message add column created_xid xid8 not null default pg_current_xact_id();
create index message_analytics_order on message (created_xid, id);

-- Where the job stands: the last message counted, in (created_xid, id) order. One row.
create table analytics_watermark (
    id               smallint primary key check (id = 1),
    last_xid         xid8 not null,
    last_message_id  uuid not null,
    updated_at       timestamptz not null
);
insert into analytics_watermark (id, last_xid, last_message_id, updated_at)
values (1, '0', '00000000-0000-0000-0000-000000000000', now());

-- Messages sent per tenant and day, and the attachments sent with them (count and announced bytes).
-- Rows go with their tenant (on delete cascade), so deleting a tenant needs no step of its own here.
create table analytics_tenant_day (
    tenant_id         uuid not null references tenant (id) on delete cascade,
    day               date not null,
    messages          bigint not null default 0,
    attachments       bigint not null default 0,
    attachment_bytes  bigint not null default 0,
    primary key (tenant_id, day)
);

-- One row per user who sent at least one message that day: daily and monthly active users are exact
-- counts of (distinct) rows, not estimates.
create table analytics_user_day (
    tenant_id  uuid not null references tenant (id) on delete cascade,
    day        date not null,
    user_id    uuid not null references chat_user (id) on delete cascade,
    messages   bigint not null default 0,
    primary key (tenant_id, day, user_id)
);

-- Messages per conversation and day, for the busiest conversations of a period.
create table analytics_conversation_day (
    tenant_id        uuid not null references tenant (id) on delete cascade,
    day              date not null,
    conversation_id  uuid not null references conversation (id) on delete cascade,
    messages         bigint not null default 0,
    primary key (tenant_id, day, conversation_id)
);

-- Storage used now: summed over the tenant's attachment rows from the index alone.
create index attachment_tenant_storage on attachment (tenant_id, status) include (size_bytes);
