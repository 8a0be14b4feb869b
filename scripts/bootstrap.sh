#!/usr/bin/env bash
# Make sure a Python ≥ 3.11 with venv is available; install it from Debian's packages when not.
# Prints the interpreter to use. Safe to run again.
set -euo pipefail
pick() {
  for py in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$py" ] || continue
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$py"; return 0
    fi
  done
  return 1
}
if pick; then exit 0; fi
echo "未找到 Python ≥ 3.11，正在通过 apt 安装 / installing Python with apt" >&2
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3 python3-venv python3-dev build-essential >&2
fi
pick || { echo "无法安装 Python ≥ 3.11 / cannot provide Python ≥ 3.11" >&2; exit 1; }
