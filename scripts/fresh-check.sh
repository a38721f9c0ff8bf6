#!/usr/bin/env bash
# Runs the README's two commands the way a newcomer would: in a clean Debian 12 root with only
# Rust, Node 20 and Python 3.11, on a fresh clone of the committed HEAD with nothing beside it
# (no ../shared, no target/, no node_modules, no Debian packages beyond a minimal system).
# Reports how long each stage took. Needs root (debootstrap, chroot, mounts).
#
#   scripts/fresh-check.sh            launch check (scripts/run.sh), then the full test command
#   scripts/fresh-check.sh --run-only only the launch check (about 10 minutes on 2 cores)
#
# FRESH_DIR (default target/fresh-check) holds the cached base system (base.tar.zst, made once
# by debootstrap) and the root each run unpacks anew; the result goes to FRESH_DIR/result.txt.
# The WordPress sites inside move to NEWSROOM_WP_PORT_BASE (default 8189) so a developer's own
# test sites on 8089/8090 keep running.
#
# The clean root takes from this machine only what a fresh machine of our kind has too: the
# Rust toolchain (rustup's home, read-only), Node 20's binary and npm, and the package clients'
# settings (apt sources, npm and pip configuration, the CA bundle).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || fail "fresh-check.sh must run as root (debootstrap, chroot, mounts)"
RUN_ONLY=0
[ "${1:-}" = "--run-only" ] && RUN_ONLY=1

FRESH_DIR="${FRESH_DIR:-$ROOT/target/fresh-check}"
BASE_TAR="$FRESH_DIR/base.tar.zst"
RFS="$FRESH_DIR/root"
RESULT="$FRESH_DIR/result.txt"
LOG="$FRESH_DIR/log.txt"
PORT_BASE="${NEWSROOM_WP_PORT_BASE:-8189}"
mkdir -p "$FRESH_DIR"
: >"$RESULT"

record() { printf '%s\n' "$*" | tee -a "$RESULT"; }

# --- host tools ----------------------------------------------------------------------------
need=()
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v zstd >/dev/null || need+=(zstd)
if [ "${#need[@]}" -gt 0 ]; then
  stage "Installing on this machine: ${need[*]}"
  apt-get update -qq || fail "apt-get update"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" \
    || fail "apt-get install ${need[*]}"
fi

# --- unmount and stop whatever the clean root started, whatever happens -----------------------
cleanup() {
  # Processes whose root is the clean root (Xvfb, MariaDB, Apache, the app) end with it.
  local pid
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$RFS" ] && kill -9 "$pid" 2>/dev/null || true
  done
  sleep 1
  for m in dev/pts dev/shm dev proc sys opt/rustup; do
    mountpoint -q "$RFS/$m" 2>/dev/null && umount -l "$RFS/$m" 2>/dev/null || true
  done
}
trap cleanup EXIT

# --- the base system (cached) ----------------------------------------------------------------
mirror="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
[ -n "$mirror" ] || mirror="$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
[ -n "$mirror" ] || fail "no Debian mirror found in this machine's apt sources"
cleanup
# Never delete through a mount: /dev, /sys and rustup's home are bound into the root, and a
# mount left by a killed run would let rm reach the real ones.
if grep -q " $RFS/" /proc/mounts; then
  fail "something is still mounted under $RFS (see /proc/mounts); unmount it before rerunning"
fi
rm -rf --one-file-system "$RFS"
if [ ! -f "$BASE_TAR" ]; then
  stage "Making a Debian 12 base system (debootstrap, once)"
  started=$SECONDS
  mkdir -p "$RFS"
  debootstrap --variant=minbase --include=ca-certificates,git,python3,procps,xz-utils \
    bookworm "$RFS" "$mirror" >"$LOG" 2>&1 || { tail -20 "$LOG"; fail "debootstrap (log: $LOG)"; }
  tar -C "$RFS" --zstd -cf "$BASE_TAR" . || fail "packing the base system"
  record "debootstrap (cached afterwards): $((SECONDS - started)) s"
else
  mkdir -p "$RFS"
  tar -C "$RFS" --zstd -xf "$BASE_TAR" || fail "unpacking $BASE_TAR"
fi

# --- what a fresh machine of our kind has beside Debian ---------------------------------------
# apt sources and settings, the CA bundle the registries' certificates chain to.
cp -a /etc/apt/sources.list.d/. "$RFS/etc/apt/sources.list.d/"
[ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$RFS/etc/apt/"
cp -a /etc/apt/apt.conf.d/. "$RFS/etc/apt/apt.conf.d/"
cp /etc/ssl/certs/ca-certificates.crt "$RFS/etc/ssl/certs/ca-certificates.crt"
cp /etc/resolv.conf "$RFS/etc/resolv.conf"
# debootstrap leaves no /etc/hosts, which every installed Debian has (the installer writes it);
# without it "localhost" does not resolve and servers that look up their own name stop. The
# chroot shares this machine's host name (uname -n), so that is the name to list.
[ -s "$RFS/etc/hosts" ] || printf '%s\n' '127.0.0.1	localhost' \
  "127.0.1.1	$(uname -n)" \
  '::1		localhost ip6-localhost ip6-loopback' 'ff02::1		ip6-allnodes' \
  'ff02::2		ip6-allrouters' >"$RFS/etc/hosts"
# Node 20 and npm, with npm's registry settings.
cp /usr/bin/node "$RFS/usr/local/bin/node"
mkdir -p "$RFS/usr/local/lib/node_modules"
cp -a /usr/lib/node_modules/npm "$RFS/usr/local/lib/node_modules/"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$RFS/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$RFS/usr/local/bin/npx"
mkdir -p "$RFS/usr/local/etc"
[ -f /usr/etc/npmrc ] && cp /usr/etc/npmrc "$RFS/usr/local/etc/npmrc"
[ -f "$HOME/.npmrc" ] && cp "$HOME/.npmrc" "$RFS/root/.npmrc"
# Rust: rustup's toolchains read-only, an empty cargo home with rustup's proxies.
RUSTUP_HOST="${RUSTUP_HOME:-$HOME/.rustup}"
mkdir -p "$RFS/opt/rustup" "$RFS/root/.cargo/bin"
mount --bind "$RUSTUP_HOST" "$RFS/opt/rustup"
mount -o remount,bind,ro "$RFS/opt/rustup"
for tool in cargo rustc rustup cargo-clippy cargo-fmt clippy-driver rustfmt rustdoc; do
  [ -e "$HOME/.cargo/bin/$tool" ] && cp -L "$HOME/.cargo/bin/$tool" "$RFS/root/.cargo/bin/$tool"
done
mount -t proc proc "$RFS/proc"
mount --rbind /sys "$RFS/sys"
mount --bind /dev "$RFS/dev"
mount --bind /dev/pts "$RFS/dev/pts"
mkdir -p "$RFS/dev/shm" && mount -t tmpfs shm "$RFS/dev/shm"

# --- a fresh clone of the committed HEAD ------------------------------------------------------
git clone --quiet --no-local "$ROOT" "$RFS/root/newsroom" || fail "git clone"
head="$(git -C "$ROOT" rev-parse --short HEAD)"
record "fresh-check of $head in a clean Debian 12 root ($(date -u +%Y-%m-%dT%H:%MZ))"
[ -e "$RFS/root/shared" ] && fail "the clean root must have nothing beside the clone"

in_root() {
  chroot "$RFS" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb CI=true \
    PATH=/root/.cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    RUSTUP_HOME=/opt/rustup CARGO_HOME=/root/.cargo RUSTUP_AUTO_INSTALL=0 \
    NPM_CONFIG_GLOBALCONFIG=/usr/local/etc/npmrc PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    PIP_DEFAULT_TIMEOUT=180 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    NEWSROOM_WP_PORT_BASE="$PORT_BASE" \
    bash -c "cd /root/newsroom && $1"
}

# Stage times as the scripts print them ("==> Stage" … "ok (N s)").
stage_times() {
  awk '/==> / {sub(/.*==> /, ""); gsub(/\033\[[0-9;]*m/, ""); name=$0}
       /^    ok \(/ {t=$0; sub(/^    ok \(/, "", t); sub(/\).*/, "", t); printf "  %-60s %s\n", name, t}' "$1"
}

# --- 1. scripts/run.sh: installs, builds and opens the window ---------------------------------
stage "1/2 scripts/run.sh in the clean root (a window on a virtual display)"
started=$SECONDS
run_log="$FRESH_DIR/run.log"
# run.sh installs Xvfb itself (setup.sh); a display is what a desktop would give it. It is
# waited for as long as it runs (its build is the slow part); once the window is up, a
# screenshot is kept. A run.sh that exits without a window has failed.
in_root "scripts/setup.sh && { Xvfb :77 -screen 0 1280x800x24 >/dev/null 2>&1 & sleep 2; \
  DISPLAY=:77 scripts/run.sh --data-dir /tmp/fresh-data & app=\$!; \
  while kill -0 \$app 2>/dev/null; do \
    if DISPLAY=:77 xwininfo -root -tree 2>/dev/null | grep -q '\"Newsroom\"'; then sleep 5; \
      DISPLAY=:77 import -window root /tmp/fresh-window.png; echo WINDOW-UP; exit 0; fi; \
    sleep 1; \
  done; echo 'run.sh ended without a window'; exit 1; }" >"$run_log" 2>&1 && run_ok=1 || run_ok=0
stage_times "$run_log" | tee -a "$RESULT"
if [ "$run_ok" = 1 ]; then
  cp "$RFS/tmp/fresh-window.png" "$FRESH_DIR/window.png" 2>/dev/null || true
  record "run.sh: window up after $((SECONDS - started)) s (screenshot: $FRESH_DIR/window.png)"
else
  tail -30 "$run_log"
  record "run.sh: FAILED after $((SECONDS - started)) s (log: $run_log)"
  exit 1
fi
# The app and the display it drew on end before the tests start their own.
for pid in $(ls /proc | grep -E '^[0-9]+$'); do
  [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$RFS" ] && kill "$pid" 2>/dev/null || true
done
sleep 2
[ "$RUN_ONLY" = 1 ] && { record "test.sh: not run (--run-only)"; exit 0; }

# --- 2. scripts/test.sh: every test, as CI runs it --------------------------------------------
stage "2/2 scripts/test.sh in the clean root (CI=true)"
started=$SECONDS
test_log="$FRESH_DIR/test.log"
in_root "scripts/test.sh" >"$test_log" 2>&1 && test_ok=1 || test_ok=0
stage_times "$test_log" | tee -a "$RESULT"
if [ "$test_ok" = 1 ]; then
  record "test.sh: passed in $((SECONDS - started)) s"
else
  tail -40 "$test_log"
  record "test.sh: FAILED after $((SECONDS - started)) s (log: $test_log)"
  exit 1
fi
