#!/usr/bin/env bash
# LibreOffice (headless Writer), the Noto CJK fonts and poppler-utils, for the agreement PDF
# tests (tests/agreements/test_agreements_pdf.py) and `compliance draft --pdf`. Debian/Ubuntu.
#
#   bash .ci/libreoffice.sh            # installs what is missing; a no-op when all is there
#
# Idempotent and non-interactive; runs apt-get as root, or through sudo when not root.
# Progress goes to stderr; exits non-zero if something is still missing afterwards.
set -euo pipefail

PACKAGES=(libreoffice-writer-nogui fonts-noto-cjk poppler-utils)
log() { echo "libreoffice.sh: $*" >&2; }

have_all() {
  local families
  command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || return 1
  families=$(fc-list : family 2>/dev/null || true)     # not piped into grep -q: SIGPIPE under pipefail
  grep -q "Noto Serif CJK SC" <<<"$families" && grep -q "Noto Sans CJK SC" <<<"$families"
}

if have_all; then
  log "already installed: $(soffice --version 2>/dev/null | head -n 1)"
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

export DEBIAN_FRONTEND=noninteractive
log "installing ${PACKAGES[*]}"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${PACKAGES[@]}" >&2
fc-cache -f >/dev/null 2>&1 || true

if have_all; then
  log "ready: $(soffice --version 2>/dev/null | head -n 1)"
else
  log "still missing after install (soffice, pdftoppm or the Noto CJK SC fonts)"
  exit 1
fi
