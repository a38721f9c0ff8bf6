#!/usr/bin/env bash
# Installs what building, running and testing Newsroom needs; idempotent and quick when
# everything is already there. Used by run.sh and test.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

# --- Debian packages ---------------------------------------------------------------
# Build: WebKitGTK for the Tauri window. End-to-end tests: a virtual display, screenshots,
# and WebKit's WebDriver that tauri-driver drives.
DEBIAN_PACKAGES=(
  libwebkit2gtk-4.1-dev build-essential pkg-config
  xvfb xauth imagemagick x11-utils webkit2gtk-driver
  python3-venv
  # Other domains: add the Debian packages your tests need on their own line below.
  # Export's window test types into the real GTK save dialog, which WebDriver cannot reach.
  xdotool
  # Spell check: the Russian, Kazakh and English Hunspell dictionaries the app reads.
  hunspell-ru hunspell-kk hunspell-en-us
)

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  stage "Installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq || fail "apt-get update"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    || fail "apt-get install ${missing[*]}"
else
  note "Debian packages: present"
fi

# --- Rust ----------------------------------------------------------------------------
command -v cargo >/dev/null || fail "cargo is not installed (install Rust with rustup, stable ≥ 1.80)"

# --- Node packages of the UI ------------------------------------------------------------
command -v npm >/dev/null || fail "npm is not installed (Node 20 or newer is needed)"
# npm ci only when package-lock.json changed since the last install.
stamp="ui/node_modules/.newsroom-lock-stamp"
if [ ! -f "$stamp" ] || ! cmp -s ui/package-lock.json "$stamp"; then
  stage "Installing UI packages (npm ci)"
  (cd ui && npm ci --no-audit --no-fund) || fail "npm ci in ui/"
  cp ui/package-lock.json "$stamp"
else
  note "UI packages: present"
fi

# --- Python for the end-to-end tests -----------------------------------------------------
venv=".venv"
if [ ! -x "$venv/bin/python" ]; then
  stage "Creating the Python virtual environment $venv"
  python3 -m venv "$venv" || fail "python3 -m venv $venv"
fi
pystamp="$venv/.newsroom-requirements-stamp"
if [ ! -f "$pystamp" ] || ! cmp -s tests/requirements.txt "$pystamp"; then
  stage "Installing Python test packages"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/requirements.txt \
    || fail "pip install -r tests/requirements.txt"
  cp tests/requirements.txt "$pystamp"
else
  note "Python test packages: present"
fi

# --- tauri-driver (WebDriver bridge to the app window) -----------------------------------
if ! command -v tauri-driver >/dev/null; then
  stage "Installing tauri-driver (cargo install, about a minute)"
  cargo install tauri-driver --locked --version '^2' || fail "cargo install tauri-driver"
else
  note "tauri-driver: present"
fi
