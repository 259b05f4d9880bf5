#!/usr/bin/env bash
# Certificates benchmark (docs/benchmarks.md, «Certificates»): N people eligible under the
# default rule (route complete, the first diagnostic's deficit closed on the re-test), one bulk
# job for all of them issued by the release server's job worker (PDFs per second, average PDF
# size), then `/verify/{number}` at 50 connections for 20 s with `wrk` (Debian's, installed if
# missing) over random issued numbers (scripts/verify-load.lua).
# Optional argument: how many certificates (default 10000).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
ulimit -n 65536 2>/dev/null || true
data="target/bench-certificates"
port="${BENCH_PORT:-3913}"
count="${1:-10000}"
cargo build --release -p server
if ! command -v wrk > /dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk > /dev/null
fi
source scripts/bench-common.sh
start_server

result() {
  local score=$1 level=pronounced
  python3 -c "import sys; sys.exit(0 if $score < 0.6 else 1)" || level=minimal
  echo "{\"points\": 0, \"max_points\": 0, \"thresholds\": {\"low\": 0.6, \"high\": 0.8},
    \"competencies\": [{\"code\": \"MET-2\", \"title\": \"Формирующее и критериальное оценивание\", \"area\": \"MET\",
    \"score\": $score, \"level\": \"$level\", \"description\": \"\", \"deficit_meaning\": \"\"}], \"deficits\": []}"
}

echo "seeding $count graduates …"
psql_ "
begin;
create temp table bench_people as
  select t.id as tenant_id, gen_random_uuid() as user_id, n from tenants t, generate_series(1, $count) n
  where t.slug = 'khabarovsk';
insert into users (id, email, password_hash, full_name, email_confirmed_at)
  select user_id, 'bench' || n || '@cert.example.ru', 'x', 'Сертификатова Анна Бенчевна ' || n, now() from bench_people;
insert into memberships (tenant_id, user_id, position) select tenant_id, user_id, 'teacher' from bench_people;
insert into courses (tenant_id, code, title, provider, kind, format, hours)
  select id, 'BENCH-CERT', 'Формирующее оценивание на уроке', 'ХК ИРО', 'soft', 'дистанционно', 72 from tenants where slug = 'khabarovsk';
insert into course_competencies (tenant_id, course_id, code, weight)
  select tenant_id, id, 'MET-2', 1 from courses where code = 'BENCH-CERT';
insert into attempts (tenant_id, instrument_id, user_id, item_ids, items, finished_at, finished_by, result)
  select p.tenant_id, (select id from instruments i where i.tenant_id = p.tenant_id order by title limit 1), p.user_id,
         '{}', '[]', now() - interval '30 days', 'person', '$(result 0.3)'::jsonb
  from bench_people p;
insert into attempts (tenant_id, instrument_id, user_id, item_ids, items, finished_at, finished_by, result, retest_of)
  select a.tenant_id, a.instrument_id, a.user_id, '{}', '[]', now() - interval '1 day', 'person', '$(result 0.9)'::jsonb, a.id
  from attempts a join bench_people p on p.tenant_id = a.tenant_id and p.user_id = a.user_id;
insert into routes (tenant_id, user_id, attempt_id)
  select a.tenant_id, a.user_id, a.id from attempts a join bench_people p on p.tenant_id = a.tenant_id and p.user_id = a.user_id
  where a.retest_of is null;
insert into route_items (tenant_id, route_id, course_id, position)
  select r.tenant_id, r.id, c.id, 0 from routes r join bench_people p on p.tenant_id = r.tenant_id and p.user_id = r.user_id
  join courses c on c.tenant_id = r.tenant_id and c.code = 'BENCH-CERT';
insert into enrolments (tenant_id, course_id, user_id, status, completed_via, completed_on, hours)
  select p.tenant_id, c.id, p.user_id, 'completed', 'admin', current_date - 2, 72
  from bench_people p join courses c on c.tenant_id = p.tenant_id and c.code = 'BENCH-CERT';
commit;
analyze;" > /dev/null

echo "issuing …"
started=$(date +%s.%N)
psql_ "with j as (insert into certificate_jobs (tenant_id) select id from tenants where slug = 'khabarovsk' returning tenant_id, id)
  insert into certificate_job_items (tenant_id, job_id, user_id)
  select j.tenant_id, j.id, u.id from j, users u where u.email like 'bench%@cert.example.ru'" > /dev/null
while [ "$(psql_ "select count(*) from certificate_job_items where status = 'pending'")" != 0 ]; do sleep 0.2; done
finished=$(date +%s.%N)
read -r done failed < <(psql_ "select count(*) filter (where status = 'done'), count(*) filter (where status = 'failed')
  from certificate_job_items")
read -r average largest < <(psql_ "select round(avg(length(pdf))), max(length(pdf)) from certificates")
python3 - "$started" "$finished" "$done" "$failed" "$average" "$largest" <<'PY'
import sys
started, finished, done, failed, average, largest = map(float, sys.argv[1:])
seconds = finished - started
print(f"bulk issue: {int(done)} issued, {int(failed)} failed in {seconds:.1f} s: {done / seconds:.1f} PDFs/s; "
      f"PDF {average / 1000:.1f} KB on average, {largest / 1000:.1f} KB at most")
PY
psql_ "select number from certificates" > "$data.numbers"
NUMBERS="$PWD/$data.numbers" wrk -t2 -c50 -d20s --latency -s scripts/verify-load.lua "$base"
