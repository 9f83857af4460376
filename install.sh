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

mvn -B -q -ntp -DskipTests package
mkdir -p "$bin" "$lib"
install -m 0644 cli/target/convergence.jar "$lib/convergence.jar"

# A launcher that starts the JVM the fast way for a short-lived CLI: the serial collector,
# C1 only, and the class-data-sharing archive made below (rebuilt silently if it goes stale).
cat > "$bin/convergence" <<LAUNCHER
#!/bin/sh
lib="$lib"
# The hook installer writes this path into Claude Code's settings (convergence hook install).
export CONVERGENCE_LAUNCHER="$bin/convergence"
jsa="\$lib/convergence.jsa"
if [ -f "\$jsa" ] && [ "\$jsa" -nt "\$lib/convergence.jar" ]; then
  exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -XX:SharedArchiveFile="\$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off ${CONVERGENCE_JAVA_OPTS:-} -jar "\$lib/convergence.jar" "\$@"
fi
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 ${CONVERGENCE_JAVA_OPTS:-} -jar "\$lib/convergence.jar" "\$@"
LAUNCHER
chmod 0755 "$bin/convergence"

# Application class-data sharing: record the classes a few typical runs load.
tmp=$(mktemp -d)
HOME="$tmp" java -XX:ArchiveClassesAtExit="$lib/convergence.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
  -jar "$lib/convergence.jar" --help >/dev/null 2>&1 || rm -f "$lib/convergence.jsa"
rm -rf "$tmp"

case ":$PATH:" in
  *":$bin:"*) ;;
  *) echo "note: $bin is not on your PATH; add it (e.g. export PATH=\"$bin:\$PATH\")" >&2 ;;
esac
"$bin/convergence" --version
