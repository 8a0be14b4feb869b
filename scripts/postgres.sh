#!/bin/sh
# Start a throw-away PostgreSQL server on loopback for the test suite and print its URL.
#
#   scripts/postgres.sh            -> prints postgresql+psycopg://zhengce@127.0.0.1:PORT/zhengce_test
#
# Uses a server already answering on $ZHENGCE_PG_PORT (default 54329); otherwise finds the server
# binaries (installing Debian's postgresql package when they are missing and apt is available),
# creates a cluster under $ZHENGCE_PG_DIR and starts it. Prints nothing and exits 1 when no server
# can be started, with the reason on stderr, so that the tests can say why they skip.
set -u
PORT="${ZHENGCE_PG_PORT:-54329}"
DIR="${ZHENGCE_PG_DIR:-/tmp/zhengce-pg-$PORT}"
# the default 128MB holds a tenth of the benchmark's 100,000-document library; a server of its own
# would give PostgreSQL a quarter of its memory
BUFFERS="${ZHENGCE_PG_SHARED_BUFFERS:-1GB}"
URL="postgresql+psycopg://zhengce@127.0.0.1:$PORT/zhengce_test"

say() { echo "postgres.sh: $*" >&2; }

# Test runs started at the same time share one server (each test makes a database of its own on it): one
# run at a time checks for it, installs, creates and starts it and adds the role and database, the others
# wait here and then find it answering. With util-linux's flock the script runs again under the lock, which
# flock itself holds (-o: the server started below must not inherit it); else a directory is the lock.
LOCK="$DIR.lock"
if [ -z "${ZHENGCE_PG_LOCKED:-}" ] && command -v flock >/dev/null 2>&1; then
    export ZHENGCE_PG_LOCKED=1
    flock -o -E 75 -w 600 "$LOCK" sh "$0" "$@"
    rc=$?
    [ "$rc" = 75 ] && say "another run held $LOCK for 10 minutes"
    exit "$rc"
elif [ -z "${ZHENGCE_PG_LOCKED:-}" ]; then
    tries=0
    until mkdir "$LOCK.d" 2>/dev/null; do
        tries=$((tries + 1))
        [ "$tries" -ge 600 ] && { say "another run held $LOCK.d for 10 minutes"; exit 1; }
        sleep 1
    done
    trap 'rmdir "$LOCK.d" 2>/dev/null' EXIT
    trap 'exit 1' INT TERM
fi

# apt-get one at a time with scripts/chromium.sh of another run (flock's own lock, -o: the server the
# package may start does not keep it)
apt_locked() {
    if command -v flock >/dev/null 2>&1; then
        flock -o -w 900 "${TMPDIR:-/tmp}/zhengce-apt.lock" env DEBIAN_FRONTEND=noninteractive "$@"
    else
        env DEBIAN_FRONTEND=noninteractive "$@"
    fi
}

find_bin() {
    for d in /usr/lib/postgresql/*/bin /usr/local/pgsql/bin; do
        [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
    done
    command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
    return 1
}

BIN="$(find_bin)"
if [ -z "$BIN" ]; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        say "installing postgresql with apt-get"
        (apt_locked apt-get update -qq && apt_locked apt-get install -y -qq postgresql >/dev/null) >&2 \
            || { say "apt-get could not install postgresql"; exit 1; }
        BIN="$(find_bin)" || { say "no PostgreSQL binaries after install"; exit 1; }
    else
        say "no PostgreSQL server binaries and no way to install them"
        exit 1
    fi
fi

# initdb and postgres refuse to run as root: run them as an unprivileged user
RUNAS=""
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres >/dev/null 2>&1 || true
    id postgres >/dev/null 2>&1 || { say "no unprivileged user to run the server"; exit 1; }
    RUNAS="runuser -u postgres --"
fi

if "$BIN/pg_isready" -h 127.0.0.1 -p "$PORT" -q 2>/dev/null; then
    :
else
    if [ ! -f "$DIR/PG_VERSION" ]; then
        mkdir -p "$DIR" && chmod 700 "$DIR"
        [ -n "$RUNAS" ] && chown postgres "$DIR"
        $RUNAS "$BIN/initdb" -D "$DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null 2>&1 \
            || $RUNAS "$BIN/initdb" -D "$DIR" -U postgres -A trust -E UTF8 >/dev/null 2>&1 \
            || { say "initdb failed"; exit 1; }
    fi
    OPTS="-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$DIR -c fsync=off"
    $RUNAS "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 30 -o "$OPTS -c shared_buffers=$BUFFERS" start \
        >/dev/null 2>&1 \
        || { say "no server with shared_buffers=$BUFFERS; trying the default"; \
             $RUNAS "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 30 -o "$OPTS" start >/dev/null; } \
        || { say "the server did not start; see $DIR/server.log"; exit 1; }
fi

PSQL="$BIN/psql -h 127.0.0.1 -p $PORT -U postgres -d postgres -qAt"
$PSQL -c "SELECT 1 FROM pg_roles WHERE rolname='zhengce'" | grep -q 1 || $PSQL -c "CREATE ROLE zhengce LOGIN SUPERUSER" >/dev/null
$PSQL -c "SELECT 1 FROM pg_database WHERE datname='zhengce_test'" | grep -q 1 \
    || $PSQL -c "CREATE DATABASE zhengce_test OWNER zhengce ENCODING 'UTF8' TEMPLATE template0" >/dev/null \
    || { say "could not create the test database"; exit 1; }
echo "$URL"
