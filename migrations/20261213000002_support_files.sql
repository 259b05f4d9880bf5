-- Support for identified schools (issue 17): files attached to a support document, or to one
-- road-map activity as its evidence. The bytes live in the data folder under their SHA-256
-- (`support/<region>/<sha256>`); this row grants access to them through the case.

-- A file belongs to the document; the versions it was part of are `added_in` up to the version
-- before `removed_in` (null: still there), so every version's list stays as it was. Files change
-- only in a draft that was never submitted, like the body (the trigger below): after a return
-- the change goes into the next version. `stage` and `activity` name the road-map activity
-- (`stage1`/`stage2` and the activity's key in the body), both '' for the document itself.
create table support_files (
    tenant_id    uuid not null references tenants (id),
    id           uuid not null default gen_random_uuid(),
    document_id  uuid not null,
    stage        text not null default '' check (stage in ('', 'stage1', 'stage2')),
    activity     text not null default '' check (activity ~ '^[a-z0-9]{0,32}$'),
    file_name    text not null check (length(file_name) between 1 and 255),
    content_type text not null,
    size_bytes   bigint not null check (size_bytes > 0),
    sha256       text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    added_in     integer not null,
    removed_in   integer check (removed_in > added_in),
    uploaded_by  uuid not null references users (id),
    uploaded_at  timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, document_id) references support_documents (tenant_id, id) on delete cascade,
    foreign key (tenant_id, document_id, added_in)
        references support_document_versions (tenant_id, document_id, version) on delete cascade,
    foreign key (tenant_id, document_id, removed_in)
        references support_document_versions (tenant_id, document_id, version) on delete cascade,
    constraint support_files_place check ((stage = '') = (activity = ''))
);
select rost_tenant_table('support_files');

-- The same content once per place among the files still there.
create unique index support_files_once on support_files (tenant_id, document_id, stage, activity, sha256)
    where removed_in is null;

-- A version once submitted keeps its files: a file is added to, or removed in, a draft only,
-- and a row changes in no other way. Deleting the document (a cascade) is left alone.
create function rost_support_file_frozen() returns trigger language plpgsql as $$
declare
    v_row     support_files := case tg_op when 'DELETE' then old else new end;
    v_version integer;
    v_frozen  boolean;
begin
    if tg_op = 'DELETE' and not exists (select 1 from support_documents d
                                        where d.tenant_id = old.tenant_id and d.id = old.document_id) then
        return old;
    end if;
    if tg_op = 'UPDATE' and (old.removed_in is not null or new.removed_in is null
            or (new.tenant_id, new.id, new.document_id, new.stage, new.activity, new.file_name,
                new.content_type, new.size_bytes, new.sha256, new.added_in, new.uploaded_by, new.uploaded_at)
               is distinct from
               (old.tenant_id, old.id, old.document_id, old.stage, old.activity, old.file_name,
                old.content_type, old.size_bytes, old.sha256, old.added_in, old.uploaded_by, old.uploaded_at)) then
        raise exception 'a support file can only leave a version'
            using errcode = 'check_violation', constraint = 'support_files_frozen';
    end if;
    v_version := case tg_op when 'UPDATE' then new.removed_in else v_row.added_in end;
    select v.submitted_at is not null into v_frozen
    from support_document_versions v
    where v.tenant_id = v_row.tenant_id and v.document_id = v_row.document_id and v.version = v_version;
    if v_frozen then
        raise exception 'support document version % is frozen', v_version
            using errcode = 'check_violation', constraint = 'support_files_frozen';
    end if;
    return v_row;
end $$;
create trigger support_files_frozen before insert or update or delete on support_files
    for each row execute function rost_support_file_frozen();

-- The summary's data version (`support_versions`) does not count files: nothing it shows does.

-- The platform's usage counts a region's support files among its stored bytes, each content
-- once, as it is kept on disk.
create or replace function rost_platform_usage(actor uuid)
returns table (region_id uuid, people bigint, attempts bigint, storage_bytes bigint, mail_failures bigint)
    language plpgsql stable security definer set search_path = public, pg_temp
as $$
begin
    perform rost_platform_check(actor);
    return query
    select t.id,
           (select count(*) from memberships m where m.tenant_id = t.id and m.active),
           (select count(*) from attempts a where a.tenant_id = t.id),
           coalesce((select sum(octet_length(u.content)) from identification_uploads u where u.tenant_id = t.id), 0)::bigint
             + coalesce((select sum(d.size) from enrolment_documents d where d.tenant_id = t.id), 0)::bigint
             + coalesce((select sum(octet_length(c.pdf)) from certificates c where c.tenant_id = t.id), 0)::bigint
             + coalesce((select sum(f.size_bytes) from (select distinct on (sha256) size_bytes from support_files
                                                      where tenant_id = t.id order by sha256) f), 0)::bigint,
           (select count(*) from outbox o where o.tenant_id = t.id and o.status = 'failed')
    from tenants t;
end
$$;
