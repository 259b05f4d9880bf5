-- Identification at web speed (issue 16 §5).

-- Each data version also in columns (engine::data::ColumnTable), written when the version is
-- created, so a run reads it without parsing CSV. The SHA-256 stays the hash of `content`, the
-- canonical CSV. Null for versions stored before this migration: a run parses their CSV.
-- Stored uncompressed: the numbers do not compress, and trying costs time on every write.
alter table indicator_year_versions add column data bytea;
alter table indicator_year_versions alter column data set storage external;

-- An upload is read once, when it is received. Its preview (row count, header, first rows) is
-- kept with it, and each year of indicator data is kept ready to become a version: committing
-- copies it, without reading the file again.
alter table identification_uploads add column summary jsonb;
create table identification_upload_years (
    tenant_id  uuid not null references tenants (id),
    upload_id  uuid not null,
    year       integer not null check (year between 1990 and 2100),
    schools    integer not null,
    indicators text[] not null,
    content    text not null,
    sha256     text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    data       bytea not null,
    primary key (tenant_id, upload_id, year),
    foreign key (tenant_id, upload_id) references identification_uploads (tenant_id, id) on delete cascade
);
alter table identification_upload_years alter column data set storage external;
select rost_tenant_table('identification_upload_years');

-- Indicator data keeps its years in identification_upload_years, not in `content`.
alter table identification_uploads
    drop constraint identification_uploads_check,
    add constraint identification_uploads_content_or_error check (content is null or error is null);
