-- Identification's large values packed by the application (identification::packed, LZ4) before
-- PostgreSQL receives them: PostgreSQL's cost of a value grows with its size whether it
-- compresses it or not (received, copied, cut into TOAST rows, written to the WAL), so a run's
-- 20 MB result took about 200 ms to insert and as long to read back; packed to a third, about
-- 50 ms. Packed columns are `storage external`: PostgreSQL does not try to compress them again.
-- Values stored before stay as they are and are still read (the packed form has a magic of its
-- own; a year's CSV stored before is in `content`, a packed one in `content_packed`).

alter table identification_runs alter column result set storage external;
alter table indicator_year_versions alter column data set storage external;

alter table identification_upload_years
    alter column content drop not null,
    add column content_packed bytea,
    add constraint identification_upload_years_one_content check ((content is null) <> (content_packed is null));
alter table identification_upload_years alter column content_packed set storage external;

alter table indicator_year_versions
    alter column content drop not null,
    add column content_packed bytea,
    add constraint indicator_year_versions_one_content check ((content is null) <> (content_packed is null));
alter table indicator_year_versions alter column content_packed set storage external;
