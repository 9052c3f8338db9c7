#!/usr/bin/env bash
# The two set-up commands of the README, and a few more:
#   ./dev.sh demo    build the demo site (SQLite, demo data) and open the station app
#   ./dev.sh test    run the whole test suite
#   ./dev.sh bench   run every benchmark script and print its figures
#   ./dev.sh wms ... run any `wms` command inside the project's virtualenv
# Each creates .venv and installs what is missing first (system packages too, when root).
set -euo pipefail
cd "$(dirname "$0")"

# Qt's xcb platform plugin (the window of `./dev.sh demo`) needs the libxcb-* libraries below;
# tests/ui/test_platform_plugin.py fails when one of its libraries is missing. pgbouncer: the
# sync's transaction-pooling test (tests/integration/test_sync_pgbouncer.py).
SYSTEM_PACKAGES=(socat pgbouncer poppler-utils libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libpulse0 fonts-dejavu-core fonts-wqy-microhei
    libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 libxcb-sync1 libxcb-shm0)

install_system_packages() {
    local missing=()
    for package in "${SYSTEM_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "installing system packages: ${missing[*]}" >&2
    # Another apt-get (an unattended upgrade, a build script) may hold the dpkg lock or the
    # package lists' lock; DPkg::Lock::Timeout waits for the first only, so retry the update.
    local tries=0
    until $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq >&2; do
        tries=$((tries + 1))
        [ "$tries" -ge 60 ] && return 1
        echo "apt-get update failed (another apt-get running?); trying again in 10 s" >&2
        sleep 10
    done
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >&2
}

ensure_venv() {
    install_system_packages
    if [ ! -x .venv/bin/python ]; then
        python3 -m venv .venv
    fi
    local stamp=.venv/.installed-stamp
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        .venv/bin/python -m pip install --quiet --upgrade pip >&2
        .venv/bin/python -m pip install --quiet -e ".[test]" >&2
        touch "$stamp"
    fi
}

command="${1:-help}"
shift || true
case "$command" in
    demo)
        ensure_venv
        exec .venv/bin/wms demo "$@"
        ;;
    test)
        ensure_venv
        export QT_QPA_PLATFORM=offscreen
        exec .venv/bin/python -m pytest "$@"
        ;;
    bench)
        ensure_venv
        for script in benchmarks/bench_*.py; do
            echo "== $script"
            .venv/bin/python "$script" "$@"
        done
        ;;
    wms)
        ensure_venv
        exec .venv/bin/wms "$@"
        ;;
    *)
        sed -n '2,7p' "$0"
        ;;
esac
