#!/bin/sh
# Make sure a Chinese font is installed for the tests that lay out PDFs (tests/text/gazette.py): Debian's
# fonts-noto-cjk, installed with apt-get when fc-list knows no Chinese font. Prints the font file; prints
# nothing and exits 1 (the reason on stderr) when none can be had, so the tests can say why they skip.
set -u
font() { fc-list :lang=zh file 2>/dev/null | sed 's/: *$//' | sort | head -n 1; }
f=$(font)
[ -n "$f" ] && { echo "$f"; exit 0; }
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "cjkfont.sh: installing Debian's fonts-noto-cjk with apt-get" >&2
    (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk fontconfig >/dev/null 2>&1 \
        || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk fontconfig >/dev/null)) >&2 \
        || { echo "cjkfont.sh: apt-get could not install fonts-noto-cjk" >&2; exit 1; }
    f=$(font)
    [ -n "$f" ] && { echo "$f"; exit 0; }
fi
echo "cjkfont.sh: no Chinese font and no way to install one" >&2
exit 1
