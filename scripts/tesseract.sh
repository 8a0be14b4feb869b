#!/bin/sh
# Print the path of Tesseract OCR with its simplified-Chinese model (zhengce.text.ocr reads scans with it),
# installing Debian's tesseract-ocr and tesseract-ocr-chi-sim with apt-get when they are missing.
# Prints nothing and exits 1 (the reason on stderr) when it cannot be had, so the tests can say why they skip.
set -u
ready() { command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx chi_sim; }
ready && { command -v tesseract; exit 0; }
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "tesseract.sh: installing Debian's tesseract-ocr and tesseract-ocr-chi-sim with apt-get" >&2
    pkgs="tesseract-ocr tesseract-ocr-chi-sim"
    (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $pkgs >/dev/null 2>&1 \
        || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $pkgs >/dev/null)) >&2 \
        || { echo "tesseract.sh: apt-get could not install $pkgs" >&2; exit 1; }
    ready && { command -v tesseract; exit 0; }
fi
echo "tesseract.sh: no Tesseract with chi_sim and no way to install it" >&2
exit 1
