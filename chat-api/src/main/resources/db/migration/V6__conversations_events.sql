-- Group and channel conversations, the per-conversation event log, edits, deletes, reactions and
-- read positions. Every change of a conversation is a row of conversation_event with the next number of
-- the conversation's one sequence (conversation.last_seq); a message's seq is the seq of its
-- "message.created" event.

alter table conversation add column name varchar(200);
alter table conversation add column topic varchar(1000);
-- A small JSON object (validated and size-limited by the service), stored as its text.
alter table conversation add column custom_data text;
-- Every event except read markers moves a conversation to the top of its members' lists.
alter table conversation add column last_activity_at timestamptz;
update conversation set last_activity_at = coalesce(last_message_at, created_at);
alter table conversation alter column last_activity_at set not null;
alter table conversation alter column last_activity_at set default now();

-- The highest seq the member has read (0: nothing).
alter table conversation_member add column read_seq bigint not null default 0;
create index conversation_member_user_activity on conversation_member (tenant_id, user_id, conversation_id);
create index conversation_activity on conversation (last_activity_at desc, id desc);

create table conversation_event (
    conversation_id  uuid not null references conversation (id),
    seq              bigint not null,
    tenant_id        uuid not null references tenant (id),
    kind             varchar(40) not null,
    actor_id         uuid references chat_user (id),
    payload          jsonb not null,
    created_at       timestamptz not null,
    primary key (conversation_id, seq)
);

-- Events from before this migration: every existing message becomes its "message.created" event.
insert into conversation_event (conversation_id, seq, tenant_id, kind, actor_id, payload, created_at)
select m.conversation_id, m.seq, m.tenant_id, 'message.created', m.sender_id,
       jsonb_build_object('messageId', m.id), m.created_at
from message m;

alter table message add column deleted boolean not null default false;
alter table message add column edited_at timestamptz;
create index message_conversation_sender on message (conversation_id, seq, sender_id);

-- Earlier texts of edited messages (removed when the message is deleted).
create table message_edit (
    message_id     uuid not null references message (id),
    version        bigint not null,
    tenant_id      uuid not null references tenant (id),
    previous_text  text not null,
    edited_at      timestamptz not null,
    primary key (message_id, version)
);

create table message_reaction (
    message_id  uuid not null references message (id),
    user_id     uuid not null references chat_user (id),
    emoji       varchar(64) not null,
    tenant_id   uuid not null references tenant (id),
    created_at  timestamptz not null,
    primary key (message_id, user_id, emoji)
);

-- Deleting a message strips its text from the events that carried it: found by message id.
create index conversation_event_message on conversation_event (conversation_id, (payload ->> 'messageId'));
