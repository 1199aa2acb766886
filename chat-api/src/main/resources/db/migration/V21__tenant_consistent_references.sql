-- A message and its events name their tenant twice: in tenant_id and through their conversation and sender. Until now
-- the database checked each reference on its own (tenant_id -> tenant, conversation_id -> conversation, sender_id ->
-- chat_user), so a row whose conversation or sender belonged to another tenant was accepted if the application ever
-- wrote one. The references now include the tenant: a message's conversation and sender, and an event's conversation
-- and actor, must be of the row's own tenant. The conversation's tenant is the row's tenant, so the separate tenant
-- reference is implied and dropped: two foreign-key checks per new message and event instead of three (each an index
-- probe and a key-share lock on the referenced row, run for every row a send inserts).
create unique index conversation_id_tenant on conversation (id, tenant_id);
create unique index chat_user_id_tenant on chat_user (id, tenant_id);

-- Added NOT VALID, then validated: validation reads the table without blocking writes (SHARE UPDATE EXCLUSIVE); it
-- fails the migration if a row already breaks the rule, which would be a bug to look at, not to paper over.
alter table message add constraint message_conversation_tenant_fkey foreign key (conversation_id, tenant_id)
    references conversation (id, tenant_id) not valid;
alter table message add constraint message_sender_tenant_fkey foreign key (sender_id, tenant_id)
    references chat_user (id, tenant_id) not valid;
alter table conversation_event add constraint conversation_event_conversation_tenant_fkey foreign key (conversation_id, tenant_id)
    references conversation (id, tenant_id) not valid;
alter table conversation_event add constraint conversation_event_actor_tenant_fkey foreign key (actor_id, tenant_id)
    references chat_user (id, tenant_id) not valid;
alter table message validate constraint message_conversation_tenant_fkey;
alter table message validate constraint message_sender_tenant_fkey;
alter table conversation_event validate constraint conversation_event_conversation_tenant_fkey;
alter table conversation_event validate constraint conversation_event_actor_tenant_fkey;

alter table message drop constraint message_tenant_id_fkey;
alter table message drop constraint message_conversation_id_fkey;
alter table message drop constraint message_sender_id_fkey;
alter table conversation_event drop constraint conversation_event_tenant_id_fkey;
alter table conversation_event drop constraint conversation_event_conversation_id_fkey;
alter table conversation_event drop constraint conversation_event_actor_id_fkey;
