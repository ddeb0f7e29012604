#!/usr/bin/env bash
# Post-deploy hook: runs pending module upgrades under the lock, then rebuilds the config cache.
# Every web node may run it at once: one executes, the others wait, verify and exit 0.
#   shell/upgrade.sh [--root DIR] [--embedded-db] [options]     (shell/upgrade.sh --help for all)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec "$here/setup-runner" upgrade "$@"
