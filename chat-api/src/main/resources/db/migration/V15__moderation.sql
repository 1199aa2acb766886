-- Moderation: user blocks, per-member mutes, conversation bans, moderation records and hard-deleted messages.

-- A user blocks another user of the same tenant: no direct conversation or direct message between them.
create table user_block (
    tenant_id   uuid not null references tenant (id) on delete cascade,
    blocker_id  uuid not null references chat_user (id) on delete cascade,
    blocked_id  uuid not null references chat_user (id) on delete cascade,
    created_at  timestamptz not null default now(),
    primary key (blocker_id, blocked_id)
);
create index user_block_blocked on user_block (tenant_id, blocked_id);

-- Mute of one member: muted_until null with muted = true means "until unmuted".
alter table conversation_member add column muted boolean not null default false;
alter table conversation_member add column muted_until timestamptz;

-- A user banned from a group or channel (expires_at null: until unbanned). Expired bans are ignored.
create table conversation_ban (
    tenant_id        uuid not null references tenant (id) on delete cascade,
    conversation_id  uuid not null references conversation (id) on delete cascade,
    user_id          uuid not null references chat_user (id) on delete cascade,
    banned_by_kind   varchar(20) not null,
    banned_by_id     varchar(100),
    reason           varchar(1000),
    created_at       timestamptz not null default now(),
    expires_at       timestamptz,
    primary key (conversation_id, user_id)
);
create index conversation_ban_user on conversation_ban (tenant_id, user_id);

-- What moderators did (ban, unban, hard delete), kept after an unban: who, when, why, about whom.
create table moderation_record (
    id               uuid primary key,
    tenant_id        uuid not null references tenant (id) on delete cascade,
    action           varchar(40) not null,
    conversation_id  uuid references conversation (id) on delete cascade,
    subject_user_id  uuid references chat_user (id) on delete cascade,
    message_id       uuid,
    actor_kind       varchar(20) not null,
    actor_id         varchar(100),
    actor_user_id    uuid references chat_user (id) on delete set null,
    reason           varchar(1000),
    expires_at       timestamptz,
    created_at       timestamptz not null default now()
);
create index moderation_record_subject on moderation_record (tenant_id, subject_user_id, created_at);
create index moderation_record_conversation on moderation_record (tenant_id, conversation_id, created_at);

-- A message removed by a moderator: a tombstone (deleted and hard_deleted) that keeps its id and seq.
alter table message add column hard_deleted boolean not null default false;
