#!/usr/bin/env bash
# What end-to-end encryption adds to init and sync: the installed launcher, one machine, a local
# bare git cluster, cleartext and encrypted runs alternating.
#
#   bench/encryption.sh [--launcher PATH] [--runs 5] [--sessions 100] [--mb 50] [--work DIR]
#
# Each run, per mode: a fresh copy of the corpus as HOME, `init ROOT --remote W/c.git [--encrypt]`,
# then 5 lines appended to each of 10 transcripts (the first 10 by name) and `sync`. Prints one
# line per command (label mode step wall user sys peak-RSS-KB load) and then medians and the
# encrypted/cleartext ratios. Needs ../shared/tools/gen-corpus and /usr/bin/time. Without
# --launcher it installs this tree's jar (cli/target/convergence.jar) into W/prefix as install.sh does.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
launcher=
runs=5
sessions=100
mb=50
work=${TMPDIR:-/tmp}/convergence-enc-bench
while [ $# -gt 0 ]; do
  case "$1" in
    --launcher) launcher=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --sessions) sessions=$2; shift 2 ;;
    --mb) mb=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
gen="$repo/../shared/tools/gen-corpus"
[ -f "$gen" ] || { echo "needs $gen" >&2; exit 2; }
mkdir -p "$work"
work=$(cd "$work" && pwd)
if [ -z "$launcher" ]; then
  (cd "$repo" && PREFIX="$work/prefix" CONVERGENCE_SKIP_BUILD=1 bash install.sh >/dev/null 2>&1)
  launcher="$work/prefix/bin/convergence"
fi
home="$work/home"
pristine="$work/pristine"
if [ ! -d "$pristine" ]; then
  rm -rf "$home"
  python3 "$gen" --home "$home" --root "$home/src/proj" --sessions "$sessions" --mb "$mb" --seed 7 >/dev/null
  mv "$home" "$pristine"
fi
results="$work/results.tsv"
: > "$results"
timed() { # timed MODE STEP COMMAND...
  local mode=$1 step=$2 load
  shift 2
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -o "$work/time" -f "%e %U %S %M" "$@" >/dev/null
  echo "run $mode $step $(cat "$work/time") $load" | tee -a "$results"
}
export HOME="$home" CONVERGENCE_HOME="$home/.convergence" CLAUDE_CONFIG_DIR="$home/.claude" CONVERGENCE_MACHINE_ID=bench-a
for _ in $(seq 1 "$runs"); do
  for mode in plain enc; do
    rm -rf "$home" "$work/c.git"
    cp -a "$pristine" "$home"
    flag=
    [ "$mode" = enc ] && flag=--encrypt
    timed "$mode" init "$launcher" init "$home/src/proj" --remote "$work/c.git" $flag -q
    for f in $(ls "$home"/.claude/projects/*/*.jsonl | sort | head -10); do
      tail -n 5 "$f" >> "$f"
    done
    (cd "$home/src/proj" && timed "$mode" sync "$launcher" sync -q)
  done
done
python3 - "$results" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
for step in ("init", "sync"):
    med = {}
    for mode in ("plain", "enc"):
        rs = [r for r in rows if r[1] == mode and r[2] == step]
        wall = statistics.median(float(r[3]) for r in rs)
        cpu = statistics.median(float(r[4]) + float(r[5]) for r in rs)
        load = statistics.median(float(r[7]) for r in rs)
        med[mode] = (wall, cpu)
        print(f"{step} {mode:5} median of {len(rs)}: wall {wall:.2f} s, CPU {cpu:.2f} s, load {load}")
    print(f"{step} encrypted/cleartext: wall {med['enc'][0] / med['plain'][0]:.2f}x, CPU {med['enc'][1] / med['plain'][1]:.2f}x")
PY
