#!/usr/bin/env bash
# Support benchmark (issue 17, «Скорость»: the case list and the summary p99 < 50 ms with 1,000
# cases per region, a case's PDF ≤ 2 s). Generates 1,000 support cases in Khabarovsk (1,000
# schools in 20 municipalities), each with a road map of ten activities, two thirds with a
# confirmed risk profile, and two published runs of the region's configuration; then measures
# the operator's case list page, the operator's and a coordinator's summary page (`wrk`, 10
# connections) and a case's PDF and XLSX (sequential, with curl).
# Needs wrk and curl. Arguments: the duration of each wrk run (default 20s). BENCH_PROFILE=dev
# runs against target/debug/server without a release build (a check of the script only).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
if [ "${BENCH_PROFILE:-release}" = dev ]; then
  server_bin=target/debug/server
else
  cargo build --release -p server
fi
data=target/bench-support
port="${BENCH_PORT:-3917}"
duration="${1:-20s}"
source scripts/bench-common.sh
email="support@bench.ru"
coordinator="support-coordinator@bench.ru"
password="Бенчмарк-сопровождения-2026"
start_server ROST_DEMO_PEOPLE=false
register_confirmed "$email" "$password" methodologist
register_confirmed "$coordinator" "$password" methodologist
psql_ "insert into role_grants (tenant_id, user_id, role) select t.id, u.id, 'regional_operator'
       from tenants t, users u where t.slug = 'khabarovsk' and u.email = '$email'" > /dev/null
cookie=$(login_cookie "$email" "$password")

echo "generating 1,000 schools with support cases, road maps and risk profiles …"
psql_ "
begin;
create temp table t as select id from tenants where slug = 'khabarovsk';
create temp table op as select u.id from users u where u.email = '$email';
insert into municipalities (tenant_id, code, name, kind)
  select t.id, 'sbench-' || m, 'Сопр-район ' || m, 'муниципальный район' from t, generate_series(1, 20) m;
insert into schools (tenant_id, code, name, municipality_id, school_group, is_rural, staff_count)
  select t.id, 'S' || lpad(n::text, 5, '0'), 'Сопр-школа ' || n,
         (select id from municipalities where tenant_id = t.id and code = 'sbench-' || (1 + n % 20)), 'secondary', n % 3 = 0, 20
  from t, generate_series(1, 1000) n;
update memberships m set municipality_id = (select id from municipalities where code = 'sbench-1' and tenant_id = m.tenant_id)
  from users u where u.id = m.user_id and u.email = '$coordinator';
insert into role_grants (tenant_id, user_id, role)
  select t.id, u.id, 'municipal_coordinator' from t, users u where u.email = '$coordinator';
insert into support_cases (tenant_id, school_id, year, statuses, reason, state)
  select s.tenant_id, s.id, 2026, '{ШНРО}', 'бенчмарк сопровождения',
         (array['opened', 'profile_submitted', 'profile_confirmed'])[1 + (substr(s.code, 2)::int % 3)]
  from schools s join t on t.id = s.tenant_id where s.code like 'S%';
-- Two published runs of the region's configuration: every bench school ШНРО, then a third of
-- them without a status.
insert into identification_runs (tenant_id, config_version, config_id, result, analysis, summary, created_by,
                                 published, published_at, published_by)
  select c.tenant_id, c.id, c.config_id, '{}', '{}', '{}', op.id,
         json_build_object('title', 'Бенч-методика', 'years', json_build_array(2024 + k, 2025 + k),
           'labels', '[[\"low_results\", \"ШНРО\"], [\"social\", \"ШНСУ\"]]'::json,
           'schools', (select json_agg(json_build_object('school_id', 'S' || lpad(n::text, 5, '0'), 'name', '',
                        'municipality', '', 'notes', '[]'::json,
                        'statuses', case when k = 1 and n % 3 = 0 then '[]'::json else '[\"low_results\"]'::json end))
                       from generate_series(1, 1000) n)),
         now() - make_interval(days => 10 - k), op.id
  from (select * from identification_configs where tenant_id = (select id from t) order by version limit 1) c,
       op, generate_series(0, 1) k;
commit;" > /dev/null
# The page of one case creates the region's questionnaire from the 500+ template.
first=$(psql_ "select c.id from support_cases c join schools s on s.id = c.school_id where s.code = 'S00001'")
curl -fs -o /dev/null -H "Cookie: $cookie" "$base/r/khabarovsk/support/$first"
psql_ "
begin;
create temp table op as select u.id from users u where u.email = '$email';
insert into support_profiles (tenant_id, case_id, questionnaire_id, answers, submitted_at, confirmed_at)
  select c.tenant_id, c.id, q.id,
         (select jsonb_object_agg(qq->>'code', abs(hashtext(c.id::text || (qq->>'code'))) % jsonb_array_length(qq->'options'))
          from jsonb_array_elements(q.body->'factors') f, jsonb_array_elements(f->'questions') qq),
         now(), case when c.state = 'profile_confirmed' then now() end
  from support_cases c join support_questionnaires q on q.tenant_id = c.tenant_id
  where c.state <> 'opened' and c.reason = 'бенчмарк сопровождения';
insert into support_documents (tenant_id, case_id, kind)
  select tenant_id, id, 'roadmap' from support_cases where reason = 'бенчмарк сопровождения';
insert into support_document_versions (tenant_id, document_id, version, body, edited_by)
  select d.tenant_id, d.id, 1,
         jsonb_build_object('sections', '{}'::jsonb, 'tables', jsonb_build_object('stage1',
           (select jsonb_agg(jsonb_build_object('title', 'Мероприятие ' || a, 'responsible', 'Завуч',
                     'deadline', to_char(current_date + (a * 7 - 35), 'YYYY-MM-DD'), 'evidence', '',
                     'status', (array['planned', 'in_progress', 'done'])[1 + (a + abs(hashtext(d.id::text))) % 3]))
            from generate_series(1, 10) a), 'stage2', '[]'::jsonb)),
         op.id
  from support_documents d, op where d.kind = 'roadmap';
commit;
analyze;" > /dev/null
echo "  $(psql_ "select count(*) from support_cases") cases, $(psql_ "select count(*) from support_profiles where confirmed_at is not null") confirmed profiles, $(psql_ "select count(*) from support_document_versions") road maps"

# One view first: the summary is built on the first view after a change and kept after it, so
# the load measures what every later visitor gets (the first view's time is printed).
bench() {
  echo "$1"
  curl -fs -o /dev/null -w "  first view: %{time_total} s\n" -H "Cookie: $2" "$3"
  wrk -t2 -c10 -d"$duration" --latency -H "Cookie: $2" "$3" | grep -E "Requests/sec|50%|90%|99%|Non-2xx|errors"
}
coordinator_cookie=$(login_cookie "$coordinator" "$password")
bench "the operator's case list (1,000 cases)" "$cookie" "$base/r/khabarovsk/support"
bench "the operator's summary" "$cookie" "$base/r/khabarovsk/support/summary"
bench "a coordinator's summary (50 cases)" "$coordinator_cookie" "$base/r/khabarovsk/support/summary"
for format in pdf xlsx; do
  for _ in 1 2 3; do
    curl -fs -o /dev/null -w "a case's $format: %{time_total} s\n" -H "Cookie: $cookie" "$base/r/khabarovsk/support/$first/export.$format"
  done
done
echo "server peak memory: $(grep VmHWM /proc/$server_pid/status | awk '{print $2, $3}')"
