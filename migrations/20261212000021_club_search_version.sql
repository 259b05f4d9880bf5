-- Search answers are kept per club under a version read from its threads (`club::search`): the
-- posts' counts and `posts_version` cover new, edited and hidden posts; this counter covers what a
-- hit shows of its thread (title, section, decision) and a thread hidden or shown again.
alter table club_threads add column meta_version bigint not null default 0;

create function rost_club_thread_meta() returns trigger
    language plpgsql
as $$
begin
    if (new.title, new.section_id, new.hidden_reason, new.decision_number)
       is distinct from (old.title, old.section_id, old.hidden_reason, old.decision_number) then
        new.meta_version := old.meta_version + 1;
    end if;
    return new;
end
$$;
create trigger club_thread_meta before update on club_threads
    for each row execute function rost_club_thread_meta();
