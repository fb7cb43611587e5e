#!/usr/bin/env bash
# Installs Debian's Chromium and its chromedriver when missing: the workspace's browser tests (leader-web) drive them.
# Run as root, or with sudo available. Browser builds downloaded by test tools are never used.
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  exit 0
fi
echo "Installing Debian's chromium and chromium-driver for the browser tests"
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || {
  $sudo apt-get update -q >/dev/null
  $sudo apt-get install -y -q chromium chromium-driver >/dev/null
}
chromium --version
