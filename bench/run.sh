#!/usr/bin/env bash
# End-to-end benchmark of the installed `convergence` launcher against the limits measured in
# the same run: the git CLI doing the same storage work, and `cp -r` for pure I/O.
#
#   bench/run.sh [--sizes 20,200] [--runs 5] [--limit-runs N] [--sessions-per-mb 2] [--work DIR] [--out FILE]
#
# A size is MB of transcripts (sessions = MB x --sessions-per-mb, so 200 -> 400 sessions), or
# MBxSESSIONS: 2048x2000 is 2,000 sessions / 2 GB, 2048x1 one project with a single 2 GB
# transcript. Every scenario runs the real launcher (install.sh into WORK/prefix, with its AppCDS
# archive) as a process on simulated machines: HOME, CONVERGENCE_HOME and CONVERGENCE_MACHINE_ID
# in temp dirs. Times are from /usr/bin/time (wall, user, sys, peak RSS); the table shows medians.
# --limit-runs N measures init's git and cp limits N times instead of --runs times (at 2 GB one
# `git add -A && git commit && git push` takes 4-10 minutes on 2 cores); everything else keeps --runs.
# Needs: the shaded jar (mvn -B -q -o -DskipTests package), git, /usr/bin/time, and either
# ../shared/tools/gen-corpus or the bench module's jar (mvn -B -q -o -Pbench -pl bench -am package
# -DskipTests) for the Java corpus generator.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
sizes=20,200
runs=5
limit_runs=
spm=2
work=${TMPDIR:-/tmp}/convergence-bench
out=
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --limit-runs) limit_runs=$2; shift 2 ;;
    --sessions-per-mb) spm=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ "$runs" -ge 1 ] || { echo "--runs must be >= 1" >&2; exit 2; }
limit_runs=${limit_runs:-$runs}
[ "$limit_runs" -ge 1 ] && [ "$limit_runs" -le "$runs" ] || { echo "--limit-runs must be between 1 and --runs" >&2; exit 2; }
jar="$repo/cli/target/convergence.jar"
[ -f "$jar" ] || { echo "build the jar first: mvn -B -q -o -DskipTests package" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (GNU time)" >&2; exit 2; }

rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
raw="$work/raw.tsv"
: > "$raw"
log="$work/bench.log"
: > "$log"

# --- the launcher, installed the way users get it --------------------------------------------
(cd "$repo" && PREFIX="$work/prefix" CONVERGENCE_SKIP_BUILD=1 bash install.sh >>"$log" 2>&1)
cv="$work/prefix/bin/convergence"
[ -f "$work/prefix/lib/convergence/convergence.jsa" ] || echo "warning: no AppCDS archive was built" >&2

# --- corpus generator -------------------------------------------------------------------------
gen_py="${GEN_CORPUS:-$repo/../shared/tools/gen-corpus}"   # GEN_CORPUS=/none forces the Java fallback
if [ -x "$gen_py" ]; then
  generator="gen-corpus ($gen_py)"
  gen() { "$gen_py" --home "$1" --root "$2" --claude-dir "$3" --sessions "$4" --mb "$5" --seed "$6" >>"$log"; }
else
  bj="$repo/bench/target/benchmarks.jar"
  [ -f "$bj" ] || { echo "no ../shared/tools/gen-corpus: build the bench module (mvn -B -q -o -Pbench -pl bench -am package -DskipTests)" >&2; exit 2; }
  generator="dev.convergence.bench.GenCorpus (Java fallback)"
  gen() { java -cp "$bj" dev.convergence.bench.GenCorpus --home "$1" --root "$2" --claude-dir "$3" --sessions "$4" --mb "$5" --seed "$6" >>"$log"; }
fi

# --- measurement ------------------------------------------------------------------------------
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@localhost GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@localhost
export GIT_CONFIG_NOSYSTEM=1
githome="$work/githome"
mkdir -p "$githome"
load1() { cut -d' ' -f1 /proc/loadavg; }

# measure SIZE SCENARIO WHO(convergence|git|cp) COMMAND... : one timed run, appended to raw.tsv
measure() {
  local size=$1 scen=$2 who=$3; shift 3
  local tf="$work/time.out" rc=0 l
  l=$(load1)
  case "$1" in
    machine) set -- env -u CLAUDE_CONFIG_DIR -u CLAUDE_PROJECTS_DIR -u CLAUDE_SETTINGS_PATH -u CONVERGENCE_JAVA_OPTS \
               HOME="$3" CONVERGENCE_HOME="$3/.convergence" CONVERGENCE_MACHINE_ID="$2" "${@:4}" ;;
    g) set -- env HOME="$githome" git "${@:2}" ;;
  esac
  /usr/bin/time -f "%e %U %S %M" -o "$tf" "$@" >>"$log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ] && [ "$who" != convergence-any ]; then
    echo "FAILED ($rc): $size $scen $who: $*" >&2; tail -20 "$log" >&2; exit 1
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$size" "$scen" "${who%-any}" "$(tail -1 "$tf" | tr ' ' '\t')" "$l" >> "$raw"
}

# machine NAME HOME COMMAND...: a simulated machine's environment
machine() {
  local name=$1 home=$2; shift 2
  env -u CLAUDE_CONFIG_DIR -u CLAUDE_PROJECTS_DIR -u CLAUDE_SETTINGS_PATH -u CONVERGENCE_JAVA_OPTS \
    HOME="$home" CONVERGENCE_HOME="$home/.convergence" CONVERGENCE_MACHINE_ID="$name" "$@"
}
g() { env HOME="$githome" git "$@"; }

# lines of FILE cut into chunks of at least 1 MiB of whole lines: PREFIX.1, PREFIX.2, ...
chunks() { awk -v p="$2" 'BEGIN{n=1; b=0} {print > (p "." n); b += length($0) + 1; if (b >= 1048576) {close(p "." n); n++; b=0}}' "$1"; }

echo "$(date -u +%FT%TZ) start; load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log" >&2
for spec in ${sizes//,/ }; do
  mb=${spec%x*}
  if [ "$spec" != "$mb" ]; then sessions=${spec#*x}; else sessions=$((mb * spm)); fi
  size="${mb}MB/${sessions}s"
  base="$work/s$spec"
  A="$base/a/home/alice"; rootA="$A/src/proj"
  B="$base/b/home/bob"; rootB="$B/src/proj"
  enc() { echo "$1" | sed 's/[^A-Za-z0-9]/-/g'; }
  ctxA="$A/.claude/projects/$(enc "$rootA")"
  ctxB="$B/.claude/projects/$(enc "$rootB")"
  cluster="$base/cluster.git"
  echo "== $size: generating" >&2
  gen "$A" "$rootA" "$base/pristine" "$sessions" "$mb" 7
  per=$(( (mb * 50 + sessions - 1) / sessions )); [ "$per" -ge 1 ] || per=1; [ "$per" -le 25 ] || per=25
  for i in $(seq 1 "$runs"); do gen "$A" "$rootA" "$base/new$i" 50 "$per" $((1000 + i)); done
  gen "$A" "$rootA" "$base/pool" 1 $((runs + 2)) 99
  chunks "$(ls "$base"/pool/projects/*/*.jsonl | head -1)" "$base/chunk"
  target=$(cd "$base"/pristine/projects/* && ls -S -- *.jsonl | tail -1)   # the smallest session gets the appends

  echo "== $size: init" >&2
  for i in $(seq 1 "$runs"); do
    rm -rf "$base/a" "$cluster"; mkdir -p "$rootA" "$A/.claude"; cp -a "$base/pristine/projects" "$A/.claude/"
    sync
    measure "$size" init convergence machine machine-a "$A" "$cv" init "$rootA" --remote "$cluster"
  done
  g clone -q --single-branch -b project/proj "$cluster" "$base/canon"
  # A transcript the cluster keeps as chunks (docs/format.md) is one file to the git CLI.
  for d in "$base"/canon/context/*.jsonl.chunks; do
    if [ -d "$d" ]; then cat "$d"/* > "${d%.chunks}"; rm -rf "$d"; fi
  done
  for i in $(seq 1 "$limit_runs"); do
    rm -rf "$base/gw" "$base/gbare"; mkdir -p "$base/gw"; cp -a "$base/canon/." "$base/gw/"; rm -rf "$base/gw/.git"
    g init -q --bare "$base/gbare"; sync
    measure "$size" init git sh -c 'cd "$1" && HOME="$2" git init -q && HOME="$2" git add -A && HOME="$2" git commit -qm init && HOME="$2" git push -q "$3" HEAD:refs/heads/main' _ "$base/gw" "$githome" "$base/gbare"
    rm -rf "$base/cpdst"; sync
    measure "$size" init cp cp -r "$ctxA" "$base/cpdst"
  done

  echo "== $size: join" >&2
  for i in $(seq 1 "$runs"); do
    rm -rf "$base/b"; mkdir -p "$rootB"; sync
    measure "$size" join convergence machine machine-b "$B" "$cv" join "$rootB" --remote "$cluster"
  done
  for i in $(seq 1 "$runs"); do
    rm -rf "$base/gclone" "$base/gcopy"; mkdir -p "$base/gcopy"; sync
    measure "$size" join git sh -c 'HOME="$4" git clone -q --single-branch -b project/proj "$1" "$2" && cp -r "$2/context/." "$3/"' _ "$cluster" "$base/gclone" "$base/gcopy" "$githome"
  done

  echo "== $size: no-change sync" >&2
  machine machine-a "$A" "$cv" sync "$rootA" >>"$log" 2>&1
  for i in $(seq 1 "$runs"); do
    measure "$size" "sync, no change" convergence machine machine-a "$A" "$cv" sync "$rootA"
    measure "$size" "sync, no change" git g -C "$base/canon" fetch -q origin
  done

  echo "== $size: sync after a 1 MB append" >&2
  for i in $(seq 1 "$runs"); do
    cat "$base/chunk.$i" >> "$ctxA/$target"
    measure "$size" "sync, 1 MB appended" convergence machine machine-a "$A" "$cv" sync "$rootA"
    cat "$base/chunk.$i" >> "$base/gw/context/$target"
    measure "$size" "sync, 1 MB appended" git sh -c 'cd "$1" && HOME="$2" git commit -qam append && HOME="$2" git push -q "$3" HEAD:refs/heads/main' _ "$base/gw" "$githome" "$base/gbare"
  done

  echo "== $size: 50 new sessions (sync on A, pull on B)" >&2
  machine machine-b "$B" "$cv" sync "$rootB" >>"$log" 2>&1
  g clone -q -b main "$base/gbare" "$base/gpull"
  for i in $(seq 1 "$runs"); do
    cp "$base/new$i"/projects/*/*.jsonl "$ctxA/"
    measure "$size" "sync, 50 new sessions" convergence machine machine-a "$A" "$cv" sync "$rootA"
    cp "$base/new$i"/projects/*/*.jsonl "$base/gw/context/"
    measure "$size" "sync, 50 new sessions" git sh -c 'cd "$1" && HOME="$2" git add -A && HOME="$2" git commit -qm new && HOME="$2" git push -q "$3" HEAD:refs/heads/main' _ "$base/gw" "$githome" "$base/gbare"
    measure "$size" "pull, 50 new sessions" convergence machine machine-b "$B" "$cv" pull "$rootB"
    measure "$size" "pull, 50 new sessions" git g -C "$base/gpull" pull -q --ff-only
  done

  echo "== $size: doctor, scan" >&2
  for i in $(seq 1 "$runs"); do
    measure "$size" doctor convergence-any machine machine-a "$A" "$cv" doctor "$ctxA" --home "$A" --root "$rootA"
    measure "$size" scan convergence-any machine machine-a "$A" "$cv" scan "$ctxA"
    rm -rf "$base/cpdst"; sync
    measure "$size" doctor cp cp -r "$ctxA" "$base/cpdst"
    rm -rf "$base/cpdst"
    measure "$size" scan cp cp -r "$ctxA" "$base/cpdst"
  done
  echo "== $size: --version" >&2
  for i in $(seq 1 "$runs"); do
    measure "$size" "--version" convergence machine machine-a "$A" "$cv" --version
  done
  du -sh "$ctxA" "$cluster" >>"$log" 2>&1
  rm -rf "$base"
done
echo "$(date -u +%FT%TZ) end; load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log" >&2

# --- the table --------------------------------------------------------------------------------
table() {
  echo "Generator: $generator; $runs runs per cell ($limit_runs for init's git and cp limits); medians; CPU = user+sys; RSS = max peak of the runs;"
  echo "limit = git CLI doing the same storage work (init: git init+add -A+commit+push to a bare repo;"
  echo "join: git clone --single-branch + cp of the context; sync: git fetch / commit -a+push / add+commit+push;"
  echo "pull: git pull --ff-only) and cp -r of the context dir; ratio = convergence wall / limit wall."
  echo
  awk -F'\t' '
    function median(key,   n, i, j, t, a) {
      n = split(vals[key], a, " ")
      for (i = 2; i <= n; i++) { t = a[i]; j = i - 1; while (j >= 1 && a[j] + 0 > t + 0) { a[j + 1] = a[j]; j-- } a[j + 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    {
      k = $1 SUBSEP $2 SUBSEP $3
      if (!(k in vals)) { order[++no] = $1 SUBSEP $2; if (!(($1 SUBSEP $2) in seen)) { seen[$1 SUBSEP $2] = 1; rows[++nr] = $1 SUBSEP $2 } }
      vals[k] = vals[k] " " $4; cpu[k] = cpu[k] " " ($5 + $6); ld[k] = ld[k] " " $8
      if ($7 > rss[k]) rss[k] = $7
    }
    END {
      print "| size | scenario | convergence wall s | CPU s | peak RSS MB | git wall s | CPU s | ratio vs git | cp -r wall s | ratio vs cp | load (1-min, median) |"
      print "|---|---|---|---|---|---|---|---|---|---|---|"
      for (r = 1; r <= nr; r++) {
        split(rows[r], p, SUBSEP); c = rows[r] SUBSEP "convergence"; gk = rows[r] SUBSEP "git"; ck = rows[r] SUBSEP "cp"
        cw = median(c); vals["_"] = cpu[c]; cc = median("_"); vals["_"] = ld[c]; l = median("_")
        gw = (gk in vals) ? median(gk) : ""; if (gk in vals) { vals["_"] = cpu[gk]; gc = sprintf("%.2f", median("_")) } else gc = "–"
        cpw = (ck in vals) ? median(ck) : ""
        printf "| %s | %s | %.2f | %.2f | %d | %s | %s | %s | %s | %s | %.1f |\n", p[1], p[2], cw, cc, rss[c] / 1024,
          gw == "" ? "–" : sprintf("%.2f", gw), gc, gw == "" || gw == 0 ? "–" : sprintf("%.2f×", cw / gw),
          cpw == "" ? "–" : sprintf("%.2f", cpw), cpw == "" || cpw == 0 ? "–" : sprintf("%.1f×", cw / cpw), l
      }
    }' "$raw"
}
table | tee "$work/table.md"
if [ -n "$out" ]; then cp "$work/table.md" "$out"; fi
echo "raw runs: $raw; log: $log" >&2
