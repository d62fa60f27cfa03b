#!/usr/bin/env bash
# Debian's chromium and the Noto CJK fonts, for the real-browser tests (tests/service/test_browser.py,
# pytest-playwright launched with executable_path=/usr/bin/chromium; `playwright install` cannot
# download browsers here). Debian/Ubuntu.
#
#   bash .ci/chromium.sh            # installs what is missing; a no-op when all is there
#
# Idempotent and non-interactive; runs apt-get as root, or through sudo when not root.
set -euo pipefail

PACKAGES=(chromium fonts-noto-cjk)
log() { echo "chromium.sh: $*" >&2; }

have_all() {
  local families
  [ -x /usr/bin/chromium ] || return 1
  families=$(fc-list : family 2>/dev/null || true)     # not piped into grep -q: SIGPIPE under pipefail
  grep -q "Noto Sans CJK SC" <<<"$families"
}

if have_all; then
  log "already installed: $(/usr/bin/chromium --version 2>/dev/null | tail -n 1)"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo -n)
else
  log "not root and no sudo: install ${PACKAGES[*]} by hand"
  exit 1
fi

log "installing ${PACKAGES[*]}"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${PACKAGES[@]}" >&2
fc-cache -f >/dev/null 2>&1 || true

if have_all; then
  log "ready: $(/usr/bin/chromium --version 2>/dev/null | tail -n 1)"
else
  log "still missing after install (/usr/bin/chromium or the Noto Sans CJK SC fonts)"
  exit 1
fi
