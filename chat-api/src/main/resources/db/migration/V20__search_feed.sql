-- New messages reach the search index in commit order from the message table itself (ADR 0015), not through an
-- outbox row each: search.SearchFeed reads (created_xid, id) past this watermark, below the oldest transaction still
-- running (pg_snapshot_xmin), the horizon analytics already uses (V12). Edits, deletes and moderation still go
-- through the outbox (their version changes), as do the outbox rows written before this migration.
create table search_watermark (
    id               smallint primary key check (id = 1),
    last_xid         xid8 not null,
    last_message_id  uuid not null,
    updated_at       timestamptz not null
);

-- Start after the newest message stored so far: every message before this migration had its outbox row written with
-- it (and those rows stay until processed). A node of the previous version still running during an upgrade keeps
-- writing outbox rows; the feed indexes those messages a second time, which the index's external versions make a no-op.
insert into search_watermark (id, last_xid, last_message_id, updated_at)
select 1, coalesce(max(created_xid), '0'), 'ffffffff-ffff-ffff-ffff-ffffffffffff', now() from message;
