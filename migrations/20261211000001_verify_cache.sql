-- The public check of certificates answers from an in-process cache (`certificates::verify_cache`).
-- Every server process listens on this channel and drops what a change makes stale: a certificate's
-- number on its revocation, everything ('*') when a region's name, code, time zone or activity
-- changes. The revoking process also drops its own entry at once; the channel is for the others.
create function rost_verify_changed() returns trigger
    language plpgsql
as $$
begin
    if tg_table_name = 'certificates' then
        perform pg_notify('rost_verify_changed', old.number);
    else
        perform pg_notify('rost_verify_changed', '*');
    end if;
    return null;
end;
$$;

create trigger certificates_verify_changed after update or delete on certificates
    for each row execute function rost_verify_changed();
create trigger tenants_verify_changed after update or delete on tenants
    for each row execute function rost_verify_changed();
