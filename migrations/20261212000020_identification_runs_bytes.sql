-- A run's result, analysis and inputs become JSON kept as bytes (issue 16 §5): PostgreSQL parsed
-- them on every run (the 20 MB result as `json`, the analysis and inputs as `jsonb`), which cost
-- about a third of «Рассчитать». The bytes are the JSON as written, so a stored result still
-- compares byte for byte with a reproduction; lz4 still compresses them.
alter table identification_runs
    alter column result type bytea using convert_to(result::text, 'UTF8'),
    alter column analysis type bytea using convert_to(analysis::text, 'UTF8'),
    alter column inputs type bytea using convert_to(inputs::text, 'UTF8');
alter table identification_runs
    alter column result set compression lz4,
    alter column analysis set compression lz4,
    alter column inputs set compression lz4;
