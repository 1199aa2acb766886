-- Plans, per-tenant plan assignment and overrides, and the usage counters behind quotas.
-- Limits that may be unlimited (max_users, max_storage_bytes, allowed_media_types) are null when unlimited.
-- Rates are token buckets: a refill rate per second and a burst (bucket size).

create table plan (
    id                          varchar(40)  primary key,
    name                        varchar(100) not null,
    max_users                   bigint check (max_users >= 0),
    max_storage_bytes           bigint check (max_storage_bytes >= 0),
    max_upload_bytes            bigint not null check (max_upload_bytes >= 1),
    -- comma-separated content types; null: every type the service supports
    allowed_media_types         text,
    tenant_messages_per_second  double precision not null check (tenant_messages_per_second > 0),
    tenant_message_burst        integer not null check (tenant_message_burst >= 1),
    user_messages_per_second    double precision not null check (user_messages_per_second > 0),
    user_message_burst          integer not null check (user_message_burst >= 1),
    tenant_requests_per_second  double precision not null check (tenant_requests_per_second > 0),
    tenant_request_burst        integer not null check (tenant_request_burst >= 1),
    user_requests_per_second    double precision not null check (user_requests_per_second > 0),
    user_request_burst          integer not null check (user_request_burst >= 1),
    created_at                  timestamptz not null default now(),
    updated_at                  timestamptz not null default now()
);

insert into plan (id, name, max_users, max_storage_bytes, max_upload_bytes, allowed_media_types,
                  tenant_messages_per_second, tenant_message_burst, user_messages_per_second, user_message_burst,
                  tenant_requests_per_second, tenant_request_burst, user_requests_per_second, user_request_burst)
values ('free', 'Free', 100, 1073741824, 5242880, null, 20, 100, 5, 20, 50, 200, 10, 50),
       ('team', 'Team', 10000, 107374182400, 10485760, null, 2000, 4000, 20, 60, 3000, 6000, 100, 200),
       ('enterprise', 'Enterprise', null, null, 104857600, null, 10000, 20000, 50, 200, 10000, 20000, 200, 400);

-- One row per tenant: its plan and the values that override the plan's for this tenant
-- (a JSON object with the same field names as a plan's "limits"; only the fields present override).
create table tenant_plan (
    tenant_id   uuid primary key references tenant (id),
    plan_id     varchar(40) not null references plan (id),
    overrides   text not null default '{}',
    updated_at  timestamptz not null default now()
);
create index tenant_plan_plan on tenant_plan (plan_id);

-- Tenants that exist before plans start on the default plan.
insert into tenant_plan (tenant_id, plan_id) select id, 'team' from tenant;

-- Usage counters (one row per tenant, created on first use). storage_bytes is changed in the transaction
-- that stores, verifies, processes or removes an attachment.
create table tenant_usage (
    tenant_id      uuid primary key references tenant (id),
    storage_bytes  bigint not null default 0 check (storage_bytes >= 0),
    updated_at     timestamptz not null default now()
);

-- The bytes an attachment is charged to its tenant's storage (0 until it is verified; the stored file plus
-- its thumbnails once processed; released when the attachment is removed).
alter table attachment add column quota_bytes bigint not null default 0;
update attachment set quota_bytes = size_bytes where status in ('processing', 'ready');
insert into tenant_usage (tenant_id, storage_bytes)
    select tenant_id, sum(quota_bytes) from attachment group by tenant_id having sum(quota_bytes) > 0;

-- "Messages today" per tenant.
create index message_tenant_created on message (tenant_id, created_at);
