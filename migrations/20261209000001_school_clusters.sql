-- Clusters of schools (issue 16 §3): a school attribute that the identification criteria may
-- be limited to. Loaded with the registry or assigned by hand by the regional operator.

-- Null: no cluster. A short label without `,` and `;`, since the editor lists clusters
-- separated by commas.
alter table schools add column cluster text
    check (cluster is null or (btrim(cluster) <> '' and length(cluster) <= 64 and cluster !~ '[,;]'));
