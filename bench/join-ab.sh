#!/usr/bin/env bash
# Joins one project from a cluster on a fresh simulated machine with each launcher in turn, and
# the git CLI's limit (clone --single-branch + cp of the context) in the same loop: an A/B of
# join without the whole harness.
#
#   bench/join-ab.sh CLUSTER RUNS LAUNCHER [LAUNCHER2 ...]
#
# CLUSTER is a local cluster (path) holding project `proj` (e.g. made by `convergence init`);
# each LAUNCHER is an installed bin/convergence. Prints one line per run: who wall user sys
# peak-RSS-KB. CONVERGENCE_JAVA_OPTS is passed through (e.g. to try JIT flags). Needs
# /usr/bin/time and git. Each run starts with `sync`, as bench/run.sh does.
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,11p' "$0" >&2
  exit 2
fi
cluster=$(cd "$1" && pwd)
runs=$2
shift 2
export GIT_CONFIG_NOSYSTEM=1
for i in $(seq 1 "$runs"); do
  for launcher in "$@"; do
    d=$(mktemp -d)
    mkdir -p "$d/home/bob/work/proj"
    sync
    t=$(cd "$d/home/bob" && HOME="$d/home/bob" CONVERGENCE_HOME="$d/home/bob/.convergence" \
        CLAUDE_CONFIG_DIR="$d/home/bob/.claude" CONVERGENCE_MACHINE_ID="bob$i" \
        /usr/bin/time -f "%e %U %S %M" "$launcher" join "$d/home/bob/work/proj" --project-id proj \
        --remote "$cluster" -q 2>&1 >/dev/null | tail -1)
    echo "$launcher $t"
    rm -rf "$d"
  done
  d=$(mktemp -d)
  mkdir -p "$d/copy"
  sync
  t=$(HOME="$d" /usr/bin/time -f "%e %U %S %M" sh -c 'git clone -q --single-branch -b project/proj "$1" "$2/clone" && cp -r "$2/clone/context/." "$2/copy/"' _ "$cluster" "$d" 2>&1 | tail -1)
  echo "git $t"
  rm -rf "$d"
done
