-- Delivered receipts and presence (docs/protocol.md, "Receipts" and "Presence").

-- How far each member's devices have received the conversation (moves forward only, at most the conversation's
-- last_seq). The read position (read_seq, V6) is the read receipt; the receipts view shows both.
alter table conversation_member add column delivered_seq bigint not null default 0;

-- When a user's last live socket closed (written on the last disconnect only; "online" itself is not stored:
-- it is the per-node registry of open sockets).
create table user_presence (
    user_id       uuid primary key references chat_user (id) on delete cascade,
    tenant_id     uuid not null references tenant (id) on delete cascade,
    last_seen_at  timestamptz not null
);
create index user_presence_tenant on user_presence (tenant_id);
