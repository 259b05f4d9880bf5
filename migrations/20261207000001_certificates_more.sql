-- Certificates, continued (issue 13): the signing keys sealed at rest, and the region's logo.

-- Each region's private key is sealed with ChaCha20-Poly1305 under a master key kept outside
-- the database (ROST_KEY_ENCRYPTION_KEY, or a file in the data folder), with the region's id
-- as associated data. Rows stored in clear before this migration have no nonce: the server
-- seals them at start-up (app::certificates::signing::seal_stored_keys) and refuses to use a
-- key without a nonce.
alter table certificate_keys rename column private_pkcs8 to private_key;
alter table certificate_keys add column nonce bytea check (length(nonce) = 12);

-- The template's optional logo, checked by content on upload: PNG or SVG.
alter table certificate_templates add column logo bytea check (length(logo) <= 524288);
alter table certificate_templates add column logo_type text check (logo_type in ('image/png', 'image/svg+xml'));
alter table certificate_templates add constraint certificate_templates_logo
    check ((logo is null) = (logo_type is null));
