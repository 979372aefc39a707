#!/usr/bin/env bash
# Install the browser used by the browser tests (tests/test_browser.py): Debian's chromium,
# driven by Playwright Python (no `playwright install`: that downloads a browser of its own).
# Also installs a CJK font so the Chinese UI renders in screenshots. Idempotent.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo -E"
    else
        echo "install-browser.sh: not root and no sudo: cannot apt-get install" >&2
        exit 1
    fi
fi

packages=()
if ! command -v chromium >/dev/null 2>&1; then
    packages+=(chromium)
fi
if command -v fc-list >/dev/null 2>&1; then
    if [ -z "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ]; then
        packages+=(fonts-noto-cjk)
    fi
else
    packages+=(fonts-noto-cjk)
fi

if [ "${#packages[@]}" -gt 0 ]; then
    echo "install-browser.sh: installing ${packages[*]}"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

chromium --version 2>/dev/null || chromium --version
