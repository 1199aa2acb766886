-- Console accounts of tenants (tenant admins, compliance officers, moderators), invitations, sign-in
-- hardening (lock-out, TOTP, sign-out everywhere), end-user profiles and remote JWKS URLs.

alter table account add column display_name varchar(200);
-- Console tokens issued (iat) before this instant are refused ("sign out everywhere").
alter table account add column tokens_valid_after timestamptz;
-- TOTP (RFC 6238): the confirmed secret, a secret waiting for confirmation, and the last time step used
-- (a code of that step or an earlier one is refused: no replay).
alter table account add column totp_secret varchar(64);
alter table account add column totp_pending_secret varchar(64);
alter table account add column totp_last_step bigint;
alter table account add column totp_enabled_at timestamptz;
create index account_tenant on account (tenant_id, role);

-- A single-use invitation to become a console account of a tenant. Only the SHA-256 of the link token
-- is stored. No foreign key to account: members can be removed while the invitation history stays.
create table account_invitation (
    id            uuid primary key,
    tenant_id     uuid not null references tenant (id),
    email         varchar(320) not null,
    role          varchar(40)  not null check (role in ('tenant-admin', 'compliance-officer', 'moderator')),
    token_hash    varchar(64)  not null,
    invited_by    uuid not null,
    created_at    timestamptz  not null,
    expires_at    timestamptz  not null,
    accepted_at   timestamptz,
    account_id    uuid,
    revoked_at    timestamptz,
    constraint account_invitation_token_unique unique (token_hash)
);
create index account_invitation_tenant on account_invitation (tenant_id, created_at);

-- Consecutive failed sign-ins per email (known or not, so that lock-out reveals nothing about which
-- emails have accounts). The key is the SHA-256 of the normalised email.
create table sign_in_throttle (
    email_hash            varchar(64) primary key,
    consecutive_failures  int not null default 0,
    locked_until          timestamptz,
    updated_at            timestamptz not null
);

-- End-user profiles: avatar, custom data and a role inside the tenant's application.
alter table chat_user add column avatar_url varchar(2048);
alter table chat_user add column custom_data text;
alter table chat_user add column role varchar(20) not null default 'user' check (role in ('user', 'moderator'));

-- JWKS URLs a tenant's backend publishes its token-signing public keys at (fetched, cached, refreshed).
create table tenant_jwks_url (
    id          uuid primary key,
    tenant_id   uuid not null references tenant (id),
    url         varchar(2048) not null,
    created_at  timestamptz not null,
    constraint tenant_jwks_url_unique unique (tenant_id, url)
);
