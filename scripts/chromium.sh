#!/bin/sh
# Print the path of Debian's Chromium for the browser tests, installing it with apt-get when missing.
# Prints nothing and exits 1 (the reason on stderr) when it cannot be had, so the tests can say why they skip.
set -u
for c in "${ZHENGCE_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    [ -n "$c" ] && [ -x "$c" ] && { echo "$c"; exit 0; }
done
# runs started at the same time install one at a time (apt-get refuses a second dpkg): the lock is the
# one scripts/postgres.sh takes around apt-get, flock's own (-o: nothing started keeps it)
apt_locked() {
    if command -v flock >/dev/null 2>&1; then
        flock -o -w 900 "${TMPDIR:-/tmp}/zhengce-apt.lock" env DEBIAN_FRONTEND=noninteractive "$@"
    else
        env DEBIAN_FRONTEND=noninteractive "$@"
    fi
}
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "chromium.sh: installing Debian's chromium with apt-get" >&2
    (apt_locked apt-get install -y -qq chromium >/dev/null 2>&1 \
        || (apt_locked apt-get update -qq && apt_locked apt-get install -y -qq chromium >/dev/null)) >&2 \
        || { echo "chromium.sh: apt-get could not install chromium" >&2; exit 1; }
    [ -x /usr/bin/chromium ] && { echo /usr/bin/chromium; exit 0; }
fi
echo "chromium.sh: no Chromium and no way to install it" >&2
exit 1
