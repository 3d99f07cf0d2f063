#!/usr/bin/env bash
# Installs what the build, the server and the tests need and is not on the machine yet.
# Idempotent: asks apt only for packages dpkg does not already have, npm only when the lock changed.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake ccache pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql-15
  libsodium-dev libssl-dev
  libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libqrencode-dev libpng-dev libxlsxwriter-dev libminizip-dev libexpat1-dev libroaring-dev liblemon-dev libicu-dev
  chromium fonts-noto-cjk fonts-dejavu-core  # PDFs: CJK from Noto, Latin from DejaVu (src/services/pdf.cpp)
  libcairo2-dev libpango1.0-dev poppler-utils
  python3-fonttools  # the build reduces Noto CJK to GB 2312 for faster PDFs (scripts/subset-cjk-font.py)
  libfriso-dev friso-dict  # supervision: Chinese word segmentation of pain points
  wrk nginx-light
  prometheus libxml2-utils unzip openssl  # interop tests: promtool, xmllint, the XLSX sheet XML, SM2/SM3 checks
  clang libclang-rt-14-dev
)

missing=()
# Node may come from elsewhere (nodesource ships npm inside nodejs); ask Debian only when absent.
command -v node >/dev/null || APT_PACKAGES+=(nodejs)
command -v npm >/dev/null || APT_PACKAGES+=(npm)
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "install-deps: apt installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The web UI: reinstall node_modules only when package-lock.json is newer than the installed tree.
if [[ -f web/package.json ]]; then
  if [[ ! -d web/node_modules || web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then
    echo "install-deps: npm ci in web/"
    (cd web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
