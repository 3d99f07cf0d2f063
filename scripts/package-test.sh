#!/usr/bin/env bash
# Builds the Debian package with CPack, checks its metadata and files, unpacks it into a scratch root and
# starts the unpacked server: /healthz, /readyz and the web UI (when web/dist was built) must answer.
#   bash scripts/package-test.sh [BUILD_DIR]
set -euo pipefail
BUILD=$(cd "${1:-build}" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/jz-deb.XXXXXX")
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT
fail() { echo "package-test: $*" >&2; exit 1; }
(cd "$BUILD" && cpack -G DEB >"$TMP/cpack.log" 2>&1) || { cat "$TMP/cpack.log"; fail "cpack failed"; }
DEB=$(ls -t "$BUILD"/packages/jiazheng_*.deb | head -1)
echo "package-test: $(basename "$DEB") ($(du -h "$DEB" | cut -f1))"
dpkg-deb -I "$DEB" >"$TMP/info"
grep -q "^ Package: jiazheng" "$TMP/info" || fail "no Package field"
grep -q "^ Depends:.*adduser" "$TMP/info" || fail "no dependency on adduser"
dpkg-deb -e "$DEB" "$TMP/control"
for f in postinst prerm conffiles; do [ -f "$TMP/control/$f" ] || fail "no $f"; done
grep -qx /etc/jiazheng/jiazheng.toml "$TMP/control/conffiles" || fail "the config is not a conffile"
dpkg-deb -x "$DEB" "$TMP/root"
R=$TMP/root
for f in usr/bin/jiazheng lib/systemd/system/jiazheng.service etc/jiazheng/jiazheng.toml \
         usr/share/doc/jiazheng/nginx-jiazheng.conf usr/share/jiazheng/data/divisions/id_area_codes.csv; do
  [ -e "$R/$f" ] || fail "missing /$f"
done
grep -q "^User=jiazheng" "$R/lib/systemd/system/jiazheng.service" || fail "the unit does not run as jiazheng"
grep -q "^ProtectSystem=strict" "$R/lib/systemd/system/jiazheng.service" || fail "the unit is not hardened"
grep -q "X-Forwarded-For \$remote_addr" "$R/usr/share/doc/jiazheng/nginx-jiazheng.conf" || fail "nginx forwards no address"
WEB=$R/usr/share/jiazheng/web
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$R/usr/bin/jiazheng" demo-data --database "sqlite:$TMP/pkg.db" --key-dir "$TMP/keys" --workers 5 --log-level warn >/dev/null
"$R/usr/bin/jiazheng" serve --config "$R/etc/jiazheng/jiazheng.toml" --listen "127.0.0.1:$PORT" \
  --database "sqlite:$TMP/pkg.db" --key-dir "$TMP/keys" --web-root "$WEB" >"$TMP/server.log" 2>&1 &
PID=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$TMP/server.log"; fail "/healthz does not answer"; }
curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null || fail "/readyz does not answer"
if [ -f "$WEB/index.html" ]; then
  curl -fs "http://127.0.0.1:$PORT/" | grep -q '<div id="app">' || fail "the web UI is not served"
  echo "package-test: web UI served from the package"
else
  echo "package-test: web/dist was not built: package without the web UI"
fi
echo "1 passed, 0 failed"
