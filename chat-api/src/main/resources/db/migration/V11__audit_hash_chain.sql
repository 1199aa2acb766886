-- Tamper evidence for the audit log: each entry carries the hash of the previous entry of its chain (one
-- chain per tenant, one for platform-level entries with no tenant) and its own hash over its fields.
-- Changing, removing or inserting an entry breaks the chain; GET /audit/verify walks it.

alter table audit_event add column prev_hash varchar(64);
alter table audit_event add column hash varchar(64);

-- The digest of one entry: SHA-256 over the previous hash and every field, in a fixed text form.
create function audit_event_digest(prev_hash text, id bigint, tenant_id uuid, occurred_at timestamptz, actor_kind text,
                                   actor_id text, action text, target_type text, target_id text, source_ip text,
                                   outcome text, detail jsonb) returns varchar language sql immutable as $$
    select encode(sha256(convert_to(concat_ws(chr(31), coalesce(prev_hash, ''), id::text, coalesce(tenant_id::text, ''),
        to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), actor_kind, coalesce(actor_id, ''), action,
        coalesce(target_type, ''), coalesce(target_id, ''), coalesce(source_ip, ''), outcome, detail::text), 'UTF8')), 'hex')
$$;

-- Entries written before this migration join the chains now, in id order (the append-only trigger is
-- paused inside this migration's transaction only).
alter table audit_event disable trigger audit_event_no_update_delete;
do $$
declare
    r record;
    previous text;
    t uuid;
begin
    for t in select distinct tenant_id from audit_event loop
        previous := null;
        for r in select * from audit_event where tenant_id is not distinct from t order by id loop
            update audit_event set prev_hash = previous,
                hash = audit_event_digest(previous, r.id, r.tenant_id, r.occurred_at, r.actor_kind, r.actor_id, r.action,
                                          r.target_type, r.target_id, r.source_ip, r.outcome, r.detail)
                where id = r.id
                returning hash into previous;
        end loop;
    end loop;
end $$;
alter table audit_event enable trigger audit_event_no_update_delete;

create index audit_event_platform on audit_event (id) where tenant_id is null;
