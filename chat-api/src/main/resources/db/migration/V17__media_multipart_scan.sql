-- Media: multipart direct uploads for big files, malware scanning (clamd) with quarantine, audio/video duration.
alter table attachment
    -- The S3 multipart upload id while a big file is being uploaded in parts (null for single PUT uploads).
    add column upload_id varchar(1024),
    add column part_size bigint,
    -- not_scanned: no scanner configured; scanning; clean; infected (moved to the quarantine prefix); scan_failed (retried).
    add column scan_status varchar(20) not null default 'not_scanned'
        check (scan_status in ('not_scanned', 'scanning', 'clean', 'infected', 'scan_failed')),
    add column scan_detail varchar(200),
    add column duration_ms bigint;
