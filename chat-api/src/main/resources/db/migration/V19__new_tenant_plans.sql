-- Query plans for tenants newer than the planner statistics (ADR 0014).
--
-- Until the statistics know a tenant, PostgreSQL estimates its rows at about one and prefers any index that starts
-- with tenant_id: at 1.2 million messages a new tenant's duplicate client id check and history page read all its
-- messages (40 ms per send at 50,000 of them), and went on doing so until 10 % of the table had changed.

-- 1. The two largest tables are analyzed after a fixed number of changed rows, not 10 % of the table. ANALYZE
--    samples a fixed number of rows, so its cost does not grow with the table.
alter table message set (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 20000);
alter table conversation_event set (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 20000);

-- 2. A retried send is found by (sender, client id). Sender ids are global UUIDs of one tenant, so the tenant in
--    front of this unique index added nothing to uniqueness and made the lookup depend on the tenant's statistics.
alter table message drop constraint message_client_unique;
alter table message add constraint message_client_unique unique (sender_id, client_id);

-- 3. Fewer indexes to maintain for each new message (12 -> 10) and each conversation update:
--    - message_conversation_sender (conversation_id, seq, sender_id) repeated the unique (conversation_id, seq) index
--      with one more column; the unique index now carries sender_id itself, so the unread counts keep their
--      index-only reads.
alter table message drop constraint message_seq_unique;
alter table message add constraint message_seq_unique unique (conversation_id, seq) include (sender_id);
drop index message_conversation_sender;
--    - the retention sweep's partial (tenant_id, created_at) index where not deleted repeated the full one.
drop index message_tenant_created_live;
--    - conversation_activity (last_activity_at, id) across all tenants had no reader that used it (per-user lists
--      sort a user's conversations, the console's list is per tenant); as an index on a column that every message
--      changes, it made each conversation update write a new entry in every index of conversation. Without it the
--      update is a heap-only (HOT) update, for which the pages keep room.
drop index conversation_activity;
alter table conversation set (fillfactor = 70);
