-- A message's "message.created" event is found by its position: the message's seq is the event's (both are taken from
-- the conversation's one sequence when the message is stored), so the primary key (conversation_id, seq) finds it.
-- The index by message id keeps the other events that name a message (edits, deletes, reactions, pins): one index
-- entry fewer written per message sent, the most frequent write of the platform.
drop index conversation_event_message;
create index conversation_event_message on conversation_event (conversation_id, (payload ->> 'messageId'))
    where kind <> 'message.created';
