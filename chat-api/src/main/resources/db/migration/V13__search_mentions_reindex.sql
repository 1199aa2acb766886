-- search: mentions of users in messages, and resumable reindex jobs

create table message_mention (
    message_id       uuid not null references message (id),
    user_id          uuid not null references chat_user (id),
    tenant_id        uuid not null references tenant (id),
    conversation_id  uuid not null references conversation (id),
    created_at       timestamptz not null,
    primary key (message_id, user_id)
);
-- GET /mentions: a user's mentions, newest first, keyset paged on (created_at, message_id)
create index message_mention_user on message_mention (tenant_id, user_id, created_at desc, message_id desc);

create table search_reindex_job (
    id               uuid primary key,
    tenant_id        uuid references tenant (id),
    status           varchar(20) not null check (status in ('running', 'done', 'failed')),
    phase            varchar(20) not null check (phase in ('copy', 'cleanup', 'switch', 'finished')),
    target_index     varchar(200),
    after_message_id uuid,
    after_document   varchar(200),
    total            bigint not null,
    processed        bigint not null default 0,
    removed          bigint not null default 0,
    requested_by     varchar(100) not null,
    started_at       timestamptz not null,
    updated_at       timestamptz not null,
    finished_at      timestamptz,
    error            text
);
-- at most one running job at a time, platform-wide
create unique index search_reindex_job_one_running on search_reindex_job ((true)) where status = 'running';
-- a tenant's messages in id order (tenant reindex; also serves per-tenant scans)
create index message_tenant_id on message (tenant_id, id);
-- index lag: oldest pending search item
create index outbox_event_kind_created on outbox_event (kind, created_at);
