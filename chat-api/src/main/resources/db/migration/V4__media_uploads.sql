-- Media: direct-to-S3 uploads verified before use, processing state, image facts and thumbnails.
alter table attachment
    add column status varchar(20) not null default 'ready'
        check (status in ('pending', 'processing', 'ready', 'rejected')),
    add column declared_type varchar(100),
    add column declared_size bigint,
    add column declared_sha256 varchar(64),
    add column rejection varchar(200),
    add column width integer,
    add column height integer,
    add column thumbnail_keys text,
    add column updated_at timestamptz not null default now();

-- The cleanup job finds abandoned uploads by state and age.
create index attachment_cleanup on attachment (status, created_at) where message_id is null;
