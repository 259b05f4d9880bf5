-- The hashes of a club's files that rows refer to, for the job that removes the files of posts
-- and presentations whose transaction never committed (app::club::files::sweep). It runs outside
-- any club transaction, so it reads past the club's row-level security; it returns hashes only.
create function rost_club_files_in_use(p_club uuid)
    returns setof text
    language sql stable security definer set search_path = public
as $$
    select sha256 from club_attachments where club_id = p_club
    union
    select sha256 from club_event_files where club_id = p_club
$$;
revoke all on function rost_club_files_in_use(uuid) from public;
grant execute on function rost_club_files_in_use(uuid) to rost_app;
