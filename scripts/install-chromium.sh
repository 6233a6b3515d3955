#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests. Needs root (or sudo) and apt.
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing Chromium from Debian packages for the browser tests..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
chromium --version
