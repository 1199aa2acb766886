-- Compliance: export, erasure and retention jobs, legal holds, retention policies, the tenant's compliance
-- settings and the compliance event feed for tenants' own systems.

-- One row per asynchronous job. Jobs run as outbox handlers, one batch per invocation; the cursor and
-- the progress are stored here so a job resumes after a restart where its last committed batch ended.
create table compliance_job (
    id                 uuid primary key,
    tenant_id          uuid not null references tenant (id),
    kind               varchar(20) not null check (kind in ('export', 'erasure', 'retention')),
    status             varchar(20) not null check (status in ('queued', 'running', 'completed', 'failed', 'cancelled', 'expired')),
    -- export: {"scope":"users","users":[{"id":..,"externalId":..}]} or {"scope":"tenant"}; erasure: {"user":{...}}
    subject            jsonb not null,
    requested_by_kind  varchar(20) not null,
    requested_by_id    varchar(100) not null,
    phase              varchar(40) not null default 'start',
    cursor_state       jsonb not null default '{}'::jsonb,
    progress           jsonb not null default '{}'::jsonb,
    report             jsonb,
    -- exports: the S3 object, the multipart upload in progress and how many bytes/parts are uploaded
    object_key         varchar(400),
    upload_id          varchar(1024),
    bytes_written      bigint not null default 0,
    parts              int not null default 0,
    expires_at         timestamptz,
    error              text,
    created_at         timestamptz not null,
    updated_at         timestamptz not null,
    finished_at        timestamptz
);
create index compliance_job_tenant on compliance_job (tenant_id, kind, created_at desc);
create index compliance_job_expiry on compliance_job (expires_at) where status = 'completed' and expires_at is not null;

-- Uploaded parts of an export's multipart upload (ETags are needed to complete it).
create table compliance_export_part (
    job_id       uuid not null references compliance_job (id) on delete cascade,
    part_number  int not null,
    etag         varchar(200) not null,
    size_bytes   bigint not null,
    primary key (job_id, part_number)
);

-- The ZIP's central directory, entry by entry, written at the end (offsets into the whole archive).
create table compliance_export_entry (
    job_id             uuid not null references compliance_job (id) on delete cascade,
    ordinal            int not null,
    name               varchar(1000) not null,
    crc32              bigint not null,
    compressed_size    bigint not null,
    size               bigint not null,
    local_offset       bigint not null,
    method             int not null,
    primary key (job_id, ordinal)
);

-- A tenant's compliance settings (kept here until the tenant settings service exists).
create table compliance_settings (
    tenant_id            uuid primary key references tenant (id),
    erasure_policy       varchar(20) not null check (erasure_policy in ('anonymise', 'delete')),
    export_ttl_seconds   bigint not null,
    updated_at           timestamptz not null
);

-- Delete messages older than max_age_days: per tenant (conversation_id null) or per conversation (wins).
create table retention_policy (
    id               uuid primary key,
    tenant_id        uuid not null references tenant (id),
    conversation_id  uuid references conversation (id),
    max_age_days     int not null check (max_age_days between 1 and 36500),
    updated_at       timestamptz not null
);
create unique index retention_policy_tenant on retention_policy (tenant_id) where conversation_id is null;
create unique index retention_policy_conversation on retention_policy (tenant_id, conversation_id) where conversation_id is not null;

-- Legal holds on a user or a conversation: while active (lifted_at null), retention and erasure keep the data.
create table legal_hold (
    id            uuid primary key,
    tenant_id     uuid not null references tenant (id),
    target_type   varchar(20) not null check (target_type in ('user', 'conversation')),
    target_id     uuid not null,
    reason        varchar(1000) not null,
    placed_by     varchar(100) not null,
    placed_at     timestamptz not null,
    lifted_by     varchar(100),
    lifted_at     timestamptz
);
create index legal_hold_active on legal_hold (tenant_id, target_type, target_id) where lifted_at is null;

-- Events for the tenant's own systems (e.g. "user.erased"), read with GET /compliance/events?after=.
create table compliance_event (
    id          bigserial primary key,
    tenant_id   uuid not null references tenant (id),
    kind        varchar(60) not null,
    payload     jsonb not null,
    created_at  timestamptz not null default now()
);
create index compliance_event_tenant on compliance_event (tenant_id, id);

-- Erasure and retention find a user's rows by these columns.
create index message_tenant_sender on message (tenant_id, sender_id, conversation_id, seq);
create index attachment_tenant_uploader on attachment (tenant_id, uploader_id, id);
create index message_reaction_user on message_reaction (tenant_id, user_id);
create index conversation_event_actor on conversation_event (tenant_id, actor_id, conversation_id, seq);
create index message_tenant_created_live on message (tenant_id, created_at) where not deleted; -- retention (V7 has the unfiltered one)
