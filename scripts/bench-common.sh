# Shared by the benchmark scripts (sourced): a release server with its own embedded database,
# and helpers that go through the real server functions. The caller sets `data` (the data
# folder) and `port`.

base="http://127.0.0.1:$port"

# Starts the server (target/release/server, or `$server_bin`) with the extra environment given as
# arguments; stops it on exit.
start_server() {
  rm -rf "$data"
  env "$@" ROST_RATE_LIMITS=false ROST_DATA_DIR="$data" ROST_PORT="$port" ROST_LOG_FORMAT=json RUST_LOG=warn \
    "${server_bin:-target/release/server}" > "$data.log" 2>&1 &
  server_pid=$!
  trap 'kill -TERM $server_pid; wait $server_pid || true' EXIT
  until curl -fs "$base/readyz" > /dev/null; do sleep 0.05; done
}

psql_() { psql -h "$PWD/$data/run" -U postgres -d rost -At -F ' ' -c "$1"; }

# Server-function paths carry a hash; read them from the forms of the pages.
action_of() { curl -s -H "Cookie: ${cookie:-}" "$base$1" | grep -o "action=\"/api/$2[0-9]*\"" | head -n 1 | cut -d'"' -f2; }
call() { curl -fs -X POST -H "Origin: $base" -H 'Accept: application/json' -H "Cookie: ${cookie:-}" "$base$1" "${@:2}"; }

# Registers EMAIL with PASSWORD and POSITION in Khabarovsk and confirms the address through the
# link of the e-mail the server wrote to $data/mail.
register_confirmed() {
  local email=$1 password=$2 position=$3 register confirm municipality school token
  register=$(action_of /r/khabarovsk/register register)
  confirm=$(action_of "/confirm?token=x" confirm_email)
  read -r municipality school < <(psql_ "select s.municipality_id, s.id from schools s join tenants t on t.id = s.tenant_id
     where t.slug = 'khabarovsk' order by s.code limit 1")
  call "$register" --data-urlencode "form[slug]=khabarovsk" --data-urlencode "form[full_name]=Бенчмарков Иван" \
    --data-urlencode "form[email]=$email" --data-urlencode "form[password]=$password" \
    --data-urlencode "form[municipality_id]=$municipality" --data-urlencode "form[school_id]=$school" \
    --data-urlencode "form[position]=$position" --data-urlencode "form[subjects]=" \
    --data-urlencode "form[experience_years]=" --data-urlencode "form[consent]=on" > /dev/null
  # The outbox sends within seconds; a demo region being seeded may keep it busy a while.
  for _ in $(seq 1 120); do
    token=$(python3 - "$data/mail" "$email" <<'PY'
import email, glob, re, sys
for path in glob.glob(sys.argv[1] + "/*.eml"):
    message = email.message_from_file(open(path, encoding="utf-8"))
    if sys.argv[2] not in message.get("To", ""):
        continue
    for part in message.walk():
        found = part.get_content_type() == "text/plain" and re.search(r"token=([A-Za-z0-9_-]+)", part.get_payload(decode=True).decode())
        if found:
            print(found.group(1))
PY
)
    [ -n "$token" ] && break
    sleep 0.5
  done
  call "$confirm" --data "token=$token" --data-urlencode "password=$password" > /dev/null
}

# The access cookie of a login.
login_cookie() {
  local login
  login=$(action_of /r/khabarovsk/login login)
  curl -s -D - -o /dev/null -X POST -H "Origin: $base" -H 'Accept: application/json' \
    --data-urlencode "slug=khabarovsk" --data-urlencode "email=$1" --data-urlencode "password=$2" "$base$login" |
    grep -i '^set-cookie: rost_access' | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//' | tr -d '\r'
}
