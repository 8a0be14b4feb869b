#!/bin/sh
# Print the path of LibreOffice (soffice), which reads .doc and .wps files (zhengce.text.office), installing
# Debian's libreoffice-writer-nogui with apt-get when it is missing (about a minute, 200 MB).
# Prints nothing and exits 1 (the reason on stderr) when it cannot be had, so the tests can say why they skip.
set -u
for c in "${ZHENGCE_SOFFICE:-}" /usr/bin/soffice /usr/bin/libreoffice; do
    [ -n "$c" ] && [ -x "$c" ] && { echo "$c"; exit 0; }
done
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "libreoffice.sh: installing Debian's libreoffice-writer-nogui with apt-get" >&2
    pkgs="libreoffice-writer-nogui"
    (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $pkgs >/dev/null 2>&1 \
        || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $pkgs >/dev/null)) >&2 \
        || { echo "libreoffice.sh: apt-get could not install $pkgs" >&2; exit 1; }
    [ -x /usr/bin/soffice ] && { echo /usr/bin/soffice; exit 0; }
fi
echo "libreoffice.sh: no LibreOffice and no way to install it" >&2
exit 1
