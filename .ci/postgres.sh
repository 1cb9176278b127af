# Start a throwaway PostgreSQL server on 127.0.0.1 and export SAIDWHAT_TEST_PG.
start_postgres() {
  local bindir=""
  if command -v pg_ctl >/dev/null 2>&1; then
    bindir="$(dirname "$(command -v pg_ctl)")"
  else
    bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  fi
  [ -n "$bindir" ] || return 1
  local port="${PGPORT_TEST:-}"
  if [ -z "$port" ]; then
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  fi
  local data; data="$(mktemp -d /tmp/saidwhat-pg.XXXXXX)"
  local run_as=()
  if [ "$(id -u)" = "0" ]; then
    id -u postgres >/dev/null 2>&1 || useradd -r -M postgres 2>/dev/null || true
    chown -R postgres "$data"
    run_as=(runuser -u postgres --)
  fi
  "${run_as[@]}" "$bindir/initdb" -D "$data" -U saidwhat --auth=trust >/dev/null || return 1
  "${run_as[@]}" "$bindir/pg_ctl" -D "$data" -l "$data/log" -o "-p $port -k $data -c listen_addresses=127.0.0.1" -w start >/dev/null || { cat "$data/log" >&2; return 1; }
  export SAIDWHAT_TEST_PG="postgresql+psycopg://saidwhat@127.0.0.1:$port/postgres"
  echo "PostgreSQL started: $SAIDWHAT_TEST_PG"
}
