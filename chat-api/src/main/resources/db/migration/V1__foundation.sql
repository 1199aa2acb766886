-- Foundation schema. Every tenant-owned table carries tenant_id.

create table tenant (
    id          uuid primary key,
    name        varchar(200) not null,
    status      varchar(20)  not null check (status in ('active', 'suspended')),
    created_at  timestamptz  not null
);

-- People who use the console (platform admins have no tenant).
create table account (
    id             uuid primary key,
    tenant_id      uuid references tenant (id),
    email          varchar(320) not null,
    password_hash  varchar(255) not null,
    role           varchar(40)  not null check (role in ('platform-admin', 'tenant-admin', 'compliance-officer', 'moderator')),
    created_at     timestamptz  not null,
    constraint account_email_unique unique (email),
    constraint account_tenant_role check ((role = 'platform-admin') = (tenant_id is null))
);

create table api_key (
    id            uuid primary key,
    tenant_id     uuid not null references tenant (id),
    name          varchar(100) not null,
    secret_hash   varchar(64)  not null,
    created_at    timestamptz  not null,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
create index api_key_tenant on api_key (tenant_id);

-- Keys the service signs its own tokens with; generated at first start, never in the repository.
create table signing_key (
    id          varchar(40) primary key,
    purpose     varchar(40) not null,
    secret      varchar(200) not null,
    created_at  timestamptz not null
);

create table chat_user (
    id            uuid primary key,
    tenant_id     uuid not null references tenant (id),
    external_id   varchar(128) not null,
    display_name  varchar(200) not null,
    created_at    timestamptz  not null,
    constraint chat_user_external_unique unique (tenant_id, external_id)
);

create table conversation (
    id               uuid primary key,
    tenant_id        uuid not null references tenant (id),
    type             varchar(20) not null check (type in ('direct', 'group', 'channel')),
    direct_key       varchar(100),
    last_seq         bigint not null default 0,
    created_at       timestamptz not null,
    last_message_at  timestamptz,
    constraint conversation_direct_unique unique (tenant_id, direct_key)
);

create table conversation_member (
    conversation_id  uuid not null references conversation (id),
    user_id          uuid not null references chat_user (id),
    tenant_id        uuid not null references tenant (id),
    role             varchar(20) not null check (role in ('owner', 'admin', 'member')),
    joined_at        timestamptz not null,
    primary key (conversation_id, user_id)
);
create index conversation_member_user on conversation_member (tenant_id, user_id);

create table message (
    id               uuid primary key,
    tenant_id        uuid not null references tenant (id),
    conversation_id  uuid not null references conversation (id),
    seq              bigint not null,
    sender_id        uuid not null references chat_user (id),
    client_id        varchar(64) not null,
    text             text not null,
    version          bigint not null default 1,
    created_at       timestamptz not null,
    constraint message_seq_unique unique (conversation_id, seq),
    constraint message_client_unique unique (tenant_id, sender_id, client_id)
);

create table attachment (
    id               uuid primary key,
    tenant_id        uuid not null references tenant (id),
    conversation_id  uuid not null references conversation (id),
    uploader_id      uuid not null references chat_user (id),
    message_id       uuid references message (id),
    storage_key      varchar(400) not null,
    file_name        varchar(255) not null,
    content_type     varchar(100) not null,
    size_bytes       bigint not null,
    sha256           varchar(64) not null,
    created_at       timestamptz not null
);
create index attachment_message on attachment (message_id);

-- Side effects that must not be lost (search indexing, later webhooks, push, erasure):
-- written in the same transaction as the change, consumed idempotently with retries.
create table outbox_event (
    id               bigserial primary key,
    tenant_id        uuid,
    kind             varchar(40) not null,
    aggregate_id     uuid not null,
    attempts         int not null default 0,
    next_attempt_at  timestamptz not null default now(),
    last_error       text,
    created_at       timestamptz not null default now()
);
create index outbox_event_due on outbox_event (next_attempt_at, id);
