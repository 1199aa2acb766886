-- Messages sent by the system, replies and threads, pinned messages and archived conversations.

-- kind 'user': sent by sender_id; kind 'system': no sender (membership and conversation changes, or a text the
-- tenant backend posts as the system). A system message that renders a conversation event names that event's seq.
alter table message add column kind varchar(10) not null default 'user';
alter table message alter column sender_id drop not null;
alter table message add constraint message_kind_sender check ((kind = 'user' and sender_id is not null)
    or (kind = 'system' and sender_id is null));
alter table message add column system_event_seq bigint;
-- The system's client ids are unique per conversation (user messages: per sender, message_client_unique).
create unique index message_system_client on message (conversation_id, client_id) where sender_id is null;

-- Replies: parent_id names the thread root (same conversation, never a reply itself); the root keeps its reply count
-- and the time of its last reply, changed in the reply's transaction.
alter table message add column parent_id uuid references message (id) on delete set null;
alter table message add column reply_count integer not null default 0;
alter table message add column last_reply_at timestamptz;
create index message_thread_replies on message (conversation_id, parent_id, seq) where parent_id is not null;
create index message_thread_roots on message (conversation_id, last_reply_at desc, id desc) where reply_count > 0;

-- Archived conversations refuse new messages, edits and reactions (null: not archived).
alter table conversation add column archived_at timestamptz;

-- Pinned messages (at most 50 per conversation, enforced by the service under the conversation lock).
-- pinned_by: the end user who pinned, null when the admin API (tenant backend, tenant admin, moderator) pinned.
create table message_pin (
    conversation_id  uuid not null references conversation (id) on delete cascade,
    message_id       uuid not null references message (id) on delete cascade,
    tenant_id        uuid not null references tenant (id) on delete cascade,
    pinned_by        uuid references chat_user (id) on delete set null,
    pinned_by_kind   varchar(20) not null,
    pinned_at        timestamptz not null,
    primary key (conversation_id, message_id)
);
create index message_pin_message on message_pin (message_id);

-- Channel browsing: the tenant's channels by name.
create index conversation_channel_name on conversation (tenant_id, lower(name), id) where type = 'channel';
