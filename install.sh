#!/usr/bin/env bash
# Builds Convergence and installs the `convergence` command.
#   ./install.sh            -> /usr/local/bin when run as root, else ~/.local/bin
#   PREFIX=/opt/x ./install.sh -> /opt/x/bin
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${PREFIX:-}" ]; then
  if [ "$(id -u)" = 0 ]; then PREFIX=/usr/local; else PREFIX="$HOME/.local"; fi
fi
bin="$PREFIX/bin"
lib="$PREFIX/lib/convergence"

# CONVERGENCE_SKIP_BUILD=1 installs the jar already in cli/target (the benchmark harness uses it).
if [ -z "${CONVERGENCE_SKIP_BUILD:-}" ]; then
  mvn -B -q -ntp -DskipTests package
fi
mkdir -p "$bin" "$lib"
install -m 0644 cli/target/convergence.jar "$lib/convergence.jar"

# JVM flags chosen by measurement (docs/benchmarks.md, "Start-up and JIT"): the serial collector
# and the class-data-sharing archive made below; C1 only for the short commands (sync, status,
# hook-sync...: C2 compile threads only cost CPU there), full tiered compilation for the ones that
# hash or scan a whole project (C2 brings the SHA-1 intrinsic JGit hashes every object with, and
# compiles the rewrite loops better). join is C1 too: from a local cluster it links packs and
# hashes nothing, and C1 saved a quarter of its CPU (over git://, the same CPU either way).
jvm_flags="-XX:+UseSerialGC"

# The launcher. With a current archive it maps it; a missing or stale one (older than the jar,
# e.g. after a reinstall) is rebuilt in the background, silently, while this run goes on without.
# -Xshare:auto and the cds logs off mean an unusable archive never prints anything.
cat > "$bin/convergence" <<LAUNCHER
#!/bin/sh
lib="$lib"
# The hook installer writes this path into Claude Code's settings (convergence hook install).
export CONVERGENCE_LAUNCHER="$bin/convergence"
jsa="\$lib/convergence.jsa"
case "\${1:-}" in
  init|doctor|scan|canonicalize|localize) jit= ;;
  *) jit=-XX:TieredStopAtLevel=1 ;;
esac
if [ -f "\$jsa" ] && [ "\$jsa" -nt "\$lib/convergence.jar" ]; then
  exec java $jvm_flags \$jit -Xshare:auto -XX:SharedArchiveFile="\$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \${CONVERGENCE_JAVA_OPTS:-} -jar "\$lib/convergence.jar" "\$@"
fi
if [ -w "\$lib" ] && mkdir "\$jsa.building" 2>/dev/null; then
  ( "\$lib/train-cds.sh" "\$lib"; rmdir "\$jsa.building" ) </dev/null >/dev/null 2>&1 &
fi
exec java $jvm_flags \$jit \${CONVERGENCE_JAVA_OPTS:-} -jar "\$lib/convergence.jar" "\$@"
LAUNCHER
chmod 0755 "$bin/convergence"

# Application class-data sharing: list the classes that typical runs load (--version, --help,
# init, sync with and without changes, status, doctor, hook-sync) by running them once in a
# throw-away HOME (never the user's), dump a static archive of them, and swap it in atomically.
# A static archive rather than -XX:ArchiveClassesAtExit: JDK 17's dynamic archive skips classes
# compiled for old class-file versions, which is all of picocli (measured: 298 vs 107 classes
# still loaded from the jar by a no-change sync; 465 -> 295 ms wall).
cat > "$lib/train-cds.sh" <<'TRAIN'
#!/bin/sh
lib="$1"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/convergence-cds.XXXXXX") || exit 0
( cd "$tmp" && HOME="$tmp" CONVERGENCE_HOME="$tmp/.convergence" CLAUDE_CONFIG_DIR="$tmp/.claude" \
    CONVERGENCE_MACHINE_ID=cds-training \
    java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:off -XX:DumpLoadedClassList="$tmp/classes.lst" \
      -cp "$lib/convergence.jar" dev.convergence.cli.CdsTraining \
  && java -XX:+UseSerialGC -Xshare:dump -XX:SharedClassListFile="$tmp/classes.lst" \
      -XX:SharedArchiveFile="$lib/convergence.jsa.new" -cp "$lib/convergence.jar" ) </dev/null >/dev/null 2>&1
if [ -s "$lib/convergence.jsa.new" ]; then
  mv -f "$lib/convergence.jsa.new" "$lib/convergence.jsa"
else
  rm -f "$lib/convergence.jsa.new"
fi
rm -rf "$tmp"
TRAIN
chmod 0755 "$lib/train-cds.sh"
rm -rf "$lib/convergence.jsa" "$lib/convergence.jsa.building"
"$lib/train-cds.sh" "$lib"

case ":$PATH:" in
  *":$bin:"*) ;;
  *) echo "note: $bin is not on your PATH; add it (e.g. export PATH=\"$bin:\$PATH\")" >&2 ;;
esac
"$bin/convergence" --version
