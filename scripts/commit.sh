#!/usr/bin/env bash
# Commit only the given paths, under a lock, so people sharing one work tree do not race on
# the git index. Usage: scripts/commit.sh "message" path [path ...]
set -euo pipefail
msg=$1; shift
[ $# -gt 0 ] || { echo "usage: scripts/commit.sh \"message\" path [path ...]" >&2; exit 2; }
cd "$(git rev-parse --show-toplevel)"
exec 9>/tmp/tradedesk-git.lock
flock 9
git add -A -- "$@"
if git diff --cached --quiet -- "$@"; then echo "nothing to commit in: $*"; exit 0; fi
git commit -q -m "$msg" -- "$@"
git log --oneline -1
