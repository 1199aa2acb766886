-- End-user tokens signed by the tenant's own backend, and revoking all of a user's tokens at once.

-- Tokens issued (iat) before this instant are refused (e.g. after a password change on the tenant side).
alter table chat_user add column tokens_valid_after timestamptz;

-- Keys a tenant signs its users' tokens with: a shared HS256 secret we generate (it must be stored to
-- verify HMACs) or a public key the tenant registers (RS256 or ES256, as a JWK).
create table tenant_token_key (
    tenant_id   uuid not null references tenant (id),
    kid         varchar(100) not null,
    alg         varchar(10) not null check (alg in ('HS256', 'RS256', 'ES256')),
    secret      varchar(200),
    public_jwk  text,
    created_at  timestamptz not null,
    revoked_at  timestamptz,
    primary key (tenant_id, kid),
    constraint tenant_token_key_material check ((alg = 'HS256') = (secret is not null) and (alg = 'HS256') = (public_jwk is null))
);
