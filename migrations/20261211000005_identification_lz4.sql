-- Identification writes tens of megabytes per upload and per run (issue 16 §5): the canonical CSV
-- of each year (twice: with the upload, then as the version) and the run's result. PostgreSQL's
-- default compression (pglz) packs them at tens of megabytes a second; lz4 is several times
-- faster at a similar ratio on CSV and JSON. Values already stored keep their compression.
alter table identification_uploads alter column content set compression lz4;
alter table identification_upload_years alter column content set compression lz4;
alter table indicator_year_versions alter column content set compression lz4;
alter table identification_runs
    alter column result set compression lz4,
    alter column analysis set compression lz4,
    alter column inputs set compression lz4,
    alter column published set compression lz4;
