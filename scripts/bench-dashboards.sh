#!/usr/bin/env bash
# Dashboards benchmark (issue 15, docs/benchmarks.md «Dashboards»): a generated region of
# 45,000 schools in 60 municipalities (staff numbers from the registry), 50,000 confirmed
# people and 200,000 attempts (a first diagnostic and up to three re-tests each, 8 competencies),
# enrolments and certificates, then the operator's dashboard page (the region, one municipality)
# and an XLSX export requested N times in a row: p50, p99 and the maximum, against p99 < 150 ms.
# Needs the release build and curl. Optional argument: requests per view (default 200).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo build --release -p server
data=target/bench-dashboards
port="${BENCH_PORT:-3915}"
requests="${1:-200}"
source scripts/bench-common.sh
email="dashboards@bench.ru"
password="Бенчмарк-мониторинг-2026"
start_server ROST_DEMO_PEOPLE=false
register_confirmed "$email" "$password" methodologist
psql_ "insert into role_grants (tenant_id, user_id, role) select t.id, u.id, 'regional_operator'
       from tenants t, users u where t.slug = 'khabarovsk' and u.email = '$email'" > /dev/null
cookie=$(login_cookie "$email" "$password")

echo "generating 45,000 schools, 50,000 people, 200,000 attempts …"
psql_ "
begin;
create temp table t as select id from tenants where slug = 'khabarovsk';
insert into municipalities (tenant_id, code, name, kind)
  select t.id, 'bench-' || m, 'Бенч-район ' || m, 'муниципальный район' from t, generate_series(1, 60) m;
insert into schools (tenant_id, code, name, municipality_id, school_group, is_rural, staff_count)
  select t.id, 'B' || lpad(n::text, 6, '0'), 'Бенч-школа ' || n,
         (select id from municipalities where tenant_id = t.id and code = 'bench-' || (1 + n % 60)), 'secondary', n % 3 = 0, 10 + n % 40
  from t, generate_series(1, 45000) n;
create temp table p as select gen_random_uuid() as user_id, n from generate_series(1, 50000) n;
insert into users (id, email, password_hash, full_name, email_confirmed_at)
  select user_id, 'dash' || n || '@bench.ru', 'x', 'Педагог ' || n, now() from p;
insert into memberships (tenant_id, user_id, position, school_id)
  select t.id, p.user_id, (array['teacher','teacher','teacher','deputy_director','methodologist'])[1 + n % 5],
         (select id from schools where tenant_id = t.id and code = 'B' || lpad((1 + n % 45000)::text, 6, '0'))
  from t, p;
create temp table firsts as
  select gen_random_uuid() as id, p.user_id, p.n from p;
insert into attempts (tenant_id, id, instrument_id, user_id, item_ids, items, started_at, finished_at, finished_by, result)
  select t.id, f.id, (select id from instruments i where i.tenant_id = t.id order by title limit 1), f.user_id,
         '{}', '[]', now() - interval '90 days', now() - interval '90 days', 'person',
         jsonb_build_object('points', 0, 'max_points', 0, 'thresholds', '{\"low\": 0.6, \"high\": 0.8}'::jsonb,
           'deficits', '[]'::jsonb,
           'competencies', (select jsonb_agg(jsonb_build_object('code', 'BC-' || c, 'title', 'Компетенция ' || c,
                 'area', 'BC', 'score', s, 'level', case when s < 0.6 then 'pronounced' when s <= 0.8 then 'partial' else 'minimal' end,
                 'description', '', 'deficit_meaning', ''))
               from (select c, ((f.n * 7 + c * 13) % 100) / 100.0 as s from generate_series(1, 8) c) x))
  from t, firsts f;
insert into attempts (tenant_id, instrument_id, user_id, item_ids, items, started_at, finished_at, finished_by, result, retest_of)
  select a.tenant_id, a.instrument_id, a.user_id, '{}', '[]', now() - make_interval(days => 60 - 10 * r),
         now() - make_interval(days => 60 - 10 * r), 'person', a.result, a.id
  from attempts a join firsts f on f.id = a.id, generate_series(1, 3) r;
insert into courses (tenant_id, code, title, provider, kind, format, hours)
  select t.id, 'BENCH-K' || k, 'Бенч-курс ' || k, 'ХК ИРО', 'soft', 'дистанционно', 36 from t, generate_series(1, 8) k;
insert into course_competencies (tenant_id, course_id, code, weight)
  select c.tenant_id, c.id, 'BC-' || substr(c.code, 8), 1 from courses c where c.code like 'BENCH-K%';
insert into enrolments (tenant_id, course_id, user_id, status, completed_via, completed_on, hours)
  select t.id, (select id from courses where tenant_id = t.id and code = 'BENCH-K' || (1 + p.n % 8)), p.user_id,
         case when p.n % 3 = 0 then 'enrolled' else 'completed' end,
         case when p.n % 3 = 0 then null else 'admin' end, case when p.n % 3 = 0 then null else current_date end,
         case when p.n % 3 = 0 then null else 36 end
  from t, p where p.n % 2 = 0;
insert into certificates (tenant_id, number, user_id, full_name, programme, hours, dates, competencies, reason, pdf, sha256, jwt)
  select t.id, '27-2020-' || lpad(p.n::text, 6, '0'), p.user_id, 'Педагог', 'Бенч', 36, '2026', '', 'бенчмарк',
         '\\x00', repeat('a', 64), 'x'
  from t, p where p.n % 6 = 0;
commit;
analyze;" > /dev/null
echo "  $(psql_ "select count(*) from attempts") attempts, $(psql_ "select count(*) from memberships") people, $(psql_ "select count(*) from schools") schools"

# Times N sequential requests of a URL; prints p50, p99 and max in milliseconds.
measure() {
  local label=$1 url=$2
  for _ in $(seq 1 5); do curl -fs -o /dev/null -H "Cookie: $cookie" "$url"; done
  for _ in $(seq 1 "$requests"); do
    curl -fs -o /dev/null -w '%{time_total}\n' -H "Cookie: $cookie" "$url"
  done | python3 -c '
import sys
t = sorted(float(l) * 1000 for l in sys.stdin)
q = lambda p: t[min(len(t) - 1, int(p * len(t)))]
print(f"{sys.argv[1]}: p50 {q(0.5):.0f} ms, p99 {q(0.99):.0f} ms, max {t[-1]:.0f} ms over {len(t)} requests")' "$label"
}

# Each view after a committed change builds the dashboard again (dashboards::cache): what the
# first reader after a change waits for. The change here is a bump of the region's data version.
measure_cold() {
  local label=$1 url=$2
  for _ in $(seq 1 10); do
    psql_ "update dash_versions set version = version + 1" > /dev/null
    curl -fs -o /dev/null -w '%{time_total}\n' -H "Cookie: $cookie" "$url"
  done | python3 -c '
import sys
t = sorted(float(l) * 1000 for l in sys.stdin)
print(f"{sys.argv[1]}: median {t[len(t) // 2]:.0f} ms, max {t[-1]:.0f} ms over {len(t)} requests")' "$label"
}

measure "the region's dashboard page" "$base/r/khabarovsk/dashboard"
measure "one municipality's dashboard page" "$base/r/khabarovsk/dashboard?municipality=%D0%91%D0%B5%D0%BD%D1%87-%D1%80%D0%B0%D0%B9%D0%BE%D0%BD%201"
measure "the region's coverage as XLSX" "$base/r/khabarovsk/dashboard/export/coverage/xlsx"
measure_cold "the region's page right after a change" "$base/r/khabarovsk/dashboard"
measure_cold "one municipality's page right after a change" "$base/r/khabarovsk/dashboard?municipality=%D0%91%D0%B5%D0%BD%D1%87-%D1%80%D0%B0%D0%B9%D0%BE%D0%BD%201"
echo "server peak memory: $(grep VmHWM /proc/$server_pid/status | awk '{print $2, $3}')"
