-- Tenancy: the append-only audit log.
-- No foreign key to tenant: audit entries outlive the tenant they are about.

create table audit_event (
    id           bigserial primary key,
    tenant_id    uuid,
    occurred_at  timestamptz  not null default clock_timestamp(),
    actor_kind   varchar(20)  not null check (actor_kind in ('account', 'api_key', 'user', 'anonymous', 'system')),
    actor_id     varchar(100),
    action       varchar(60)  not null,
    target_type  varchar(40),
    target_id    varchar(100),
    source_ip    varchar(64),
    outcome      varchar(10)  not null check (outcome in ('success', 'failure')),
    detail       jsonb        not null default '{}'::jsonb
);
create index audit_event_tenant on audit_event (tenant_id, id);
create index audit_event_action on audit_event (action, id);

-- Append-only in the database itself: any UPDATE, DELETE or TRUNCATE fails, whatever the application does.
create function audit_event_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_event_no_update_delete
    before update or delete on audit_event
    for each row execute function audit_event_refuse_change();

create trigger audit_event_no_truncate
    before truncate on audit_event
    for each statement execute function audit_event_refuse_change();
