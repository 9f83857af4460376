#!/usr/bin/env bash
# How many packs syncs leave in a local git cluster and in the machine's clone, and what each sync
# costs: the installed launcher, one machine, N syncs each appending one line to a transcript.
#
#   bench/packs.sh SYNCS LAUNCHER [LAUNCHER2]
#   CONTEXT=DIR WORK=DIR bench/packs.sh ...
#
# LAUNCHER is an installed bin/convergence. With two, each gets its own machine and cluster and
# their syncs alternate. CONTEXT: the *.jsonl files of DIR are copied into the project's context
# before init (a corpus, to give the cluster a size). Prints one line per sync: launcher sync wall
# user sys clone-packs cluster-packs cluster-MB load. Needs /usr/bin/time.
set -euo pipefail
if [ $# -lt 2 ]; then
  sed -n '2,11p' "$0" >&2
  exit 2
fi
syncs=$1
shift
launchers=("$@")
context=${CONTEXT:-}
work=${WORK:-${TMPDIR:-/tmp}/convergence-packs-bench}

# Runs one command of machine $1 (a directory) with its environment.
machine() {
  local dir=$1; shift
  ( cd "$dir/home/u" && HOME=$PWD CONVERGENCE_HOME=$PWD/.convergence CLAUDE_CONFIG_DIR=$PWD/.claude \
      CONVERGENCE_MACHINE_ID=u "$@" )
}

context_dir() {
  echo "$1/home/u/.claude/projects/$(echo "$1/home/u/src/p" | sed 's#/#-#g')"
}

for n in "${!launchers[@]}"; do
  dir=$work/$n
  rm -rf "$dir"
  mkdir -p "$dir/home/u/src/p" "$(context_dir "$dir")"
  if [ -n "$context" ]; then
    cp "$context"/*.jsonl "$(context_dir "$dir")/"
  fi
  echo "{\"type\":\"user\",\"cwd\":\"$dir/home/u/src/p\",\"timestamp\":\"2026-01-01T00:00:00Z\"}" \
    > "$(context_dir "$dir")/appended.jsonl"
  machine "$dir" "${launchers[$n]}" init "$dir/home/u/src/p" --remote "$dir/cluster.git" -q > /dev/null
done

for i in $(seq 1 "$syncs"); do
  for n in "${!launchers[@]}"; do
    dir=$work/$n
    echo "{\"type\":\"user\",\"n\":$i}" >> "$(context_dir "$dir")/appended.jsonl"
    t=$( { machine "$dir" /usr/bin/time -f "%e %U %S" "${launchers[$n]}" sync "$dir/home/u/src/p" -q > /dev/null; } 2>&1 | tail -1)
    clone=$(find "$dir/home/u/.convergence/clones/p/objects/pack" -name '*.pack' | wc -l)
    cluster=$(find "$dir/cluster.git/objects/pack" -name '*.pack' | wc -l)
    mb=$(( $(du -sk "$dir/cluster.git/objects" | cut -f1) / 1024 ))
    echo "${launchers[$n]} $i $t $clone $cluster $mb $(cut -d' ' -f1 /proc/loadavg)"
  done
done
