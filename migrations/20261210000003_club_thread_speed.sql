-- Speed of the thread page and of posting (issue 14, «Speed»).

-- Posts waiting for their fan-out (`club::notify::fanout`). A reply commits one row here instead
-- of a notification per follower; the fan-out worker claims it in a transaction of the club as
-- the post's author, writes the notifications and deletes it, so a crash leaves it to retry.
create table club_fanout (
    club_id    uuid not null references clubs (id),
    post_id    uuid not null,
    created_at timestamptz not null default now(),
    primary key (club_id, post_id),
    foreign key (club_id, post_id) references club_posts (club_id, id) on delete cascade
);
select rost_club_table('club_fanout');

-- The posts whose fan-out is due, with the club and author the worker opens its transaction as.
-- A post whose author is no member any more (banned since) is fanned out to nobody: dropped here,
-- since that author's transaction could not see it.
create function rost_club_fanout_due() returns table (club_id uuid, post_id uuid, author_id uuid)
    language sql volatile security definer set search_path = public
as $$
    delete from club_fanout f using club_posts p
    where p.club_id = f.club_id and p.id = f.post_id and not rost_club_member_of(p.club_id, p.author_id);
    select f.club_id, f.post_id, p.author_id
    from club_fanout f join club_posts p on p.club_id = f.club_id and p.id = f.post_id
    order by f.created_at
    limit 200;
$$;
revoke all on function rost_club_fanout_due() from public;
grant execute on function rost_club_fanout_due() to rost_app;

-- What a page of posts shows besides new posts changes with this counter: an edit, a hidden
-- post, «полезно», an attached file. The rendered posts of a page are cached under it
-- (`club::cache`), so every reader of a page shares one read of its posts.
alter table club_threads add column posts_version bigint not null default 0;

create function rost_club_posts_changed() returns trigger
    language plpgsql
as $$
begin
    update club_threads set posts_version = posts_version + 1
    where club_id = new.club_id and id = new.thread_id;
    return null;
end
$$;
create trigger club_posts_changed after update on club_posts
    for each row when (old.* is distinct from new.*) execute function rost_club_posts_changed();

create function rost_club_attachments_changed() returns trigger
    language plpgsql
as $$
declare
    row club_attachments := coalesce(new, old);
begin
    update club_threads t set posts_version = t.posts_version + 1
    from club_posts p
    where p.club_id = row.club_id and p.id = row.post_id and t.club_id = p.club_id and t.id = p.thread_id;
    return null;
end
$$;
create trigger club_attachments_changed after insert or update or delete on club_attachments
    for each row execute function rost_club_attachments_changed();
