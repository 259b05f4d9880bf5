-- What a list of published runs shows (the title, the labels and how many schools carry each
-- status), kept beside the frozen lists: the support case list offers every published run on
-- each view, and the frozen lists of a large region run to megabytes. A trigger keeps it in
-- step with `published` whoever writes that column.
create function rost_published_summary(published json) returns jsonb
language sql immutable as $$
    select jsonb_build_object(
        'title', coalesce(published->>'title', ''),
        'labels', coalesce(published->'labels', '[]'::json)::jsonb,
        'counts', coalesce((
            select jsonb_object_agg(code, schools)
            from (select status as code, count(*) as schools
                  from json_array_elements(published->'schools') school,
                       json_array_elements_text(school->'statuses') status
                  group by status) counted), '{}'::jsonb))
$$;

alter table identification_runs add column published_summary jsonb;

create function rost_identification_summarise() returns trigger
language plpgsql as $$
begin
    new.published_summary := case when new.published is null then null
                                  else rost_published_summary(new.published) end;
    return new;
end
$$;

create trigger identification_runs_summary
    before insert or update of published on identification_runs
    for each row execute function rost_identification_summarise();

update identification_runs set published = published where published is not null;
