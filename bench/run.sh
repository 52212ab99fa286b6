#!/usr/bin/env sh
# Runs the SnowFox benchmarks and writes docs/benchmarks.md (a few minutes).
#
#   mvn -B -o -DskipTests install     build the tree and the distribution first
#   bench/run.sh                      measure and write docs/benchmarks.md, and the folded
#                                     stacks of the profiled run in docs/profiles/
#   bench/run.sh --help               the knobs: durations, counts, --out, --dist
#   bench/run.sh --only scale,nodeloss --out /tmp/cluster.md
#                                     some parts only (bus, node, jobs, profile, history, burst,
#                                     scale, nodeloss, trace), into another file; scale (1, 3 and
#                                     5 nodes, twice over, interleaved, each cluster warmed up
#                                     with 2500 jobs per node) takes about 20 minutes,
#                                     nodeloss (10 rounds of a node killed under a job) about 6
#
# The benchmark runs in its own JVM, never in Maven's; it starts and stops every process it
# measures. Environment: JAVA_HOME or java on PATH, as for bin/snowfox.
#
# The job section compares SnowFox with supervisord (Debian's supervisor package), which this
# script installs when it is missing and it can (apt-get, as root). The benchmark runs a private
# supervisord of its own; without one, that part is reported as not measured.
set -e

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [ -n "$JAVA_HOME" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi

JAR=$(ls bench/target/snowfox-bench-*.jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' | head -n 1)
if [ -z "$JAR" ] || [ ! -d bench/target/lib ] || [ ! -x dist/target/snowfox/bin/snowfox ]; then
  echo "bench/run.sh: nothing to run; build first: mvn -B -o -DskipTests install" >&2
  exit 2
fi

WANTS_HELP=no
ONLY=all
PREVIOUS=
for arg in "$@"; do
  case "$arg" in -h|--help|-V|--version) WANTS_HELP=yes ;; --only=*) ONLY=${arg#--only=} ;; esac
  if [ "$PREVIOUS" = --only ]; then ONLY=$arg; fi
  PREVIOUS=$arg
done
# Whether --only (comma-separated parts; all when absent) selects part $1.
runs() {
  [ "$ONLY" = all ] && return 0
  case ",$ONLY," in *",$1,"*) return 0 ;; esac
  return 1
}
OUT=docs/benchmarks.md
PREVIOUS=
for arg in "$@"; do
  case "$arg" in --out=*) OUT=${arg#--out=} ;; esac
  if [ "$PREVIOUS" = --out ]; then OUT=$arg; fi
  PREVIOUS=$arg
done
if [ "$WANTS_HELP" = no ] && runs jobs && ! command -v supervisord >/dev/null 2>&1; then
  echo "bench/run.sh: installing supervisor (Debian package) for the job comparison" >&2
  (apt-get update -qq && apt-get install -y -qq supervisor) >&2 \
    || echo "bench/run.sh: could not install supervisor; its part will not be measured" >&2
fi

# A SnowFox server role's flags (dist/src/main/dist/bin/snowfox), with room for the histograms.
FLAGS="-Xmx256m -Xss512k -XX:+UseSerialGC --add-modules java.se \
--add-exports java.base/jdk.internal.ref=ALL-UNNAMED \
--add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
--add-opens java.management/sun.management=ALL-UNNAMED \
--add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"

# A part that fails is reported as not measured; the others, the trace and the log still run.
status=0
# shellcheck disable=SC2086
"$JAVA" $FLAGS -cp "$JAR:bench/target/lib/*" io.snowfox.bench.BenchMain \
  --dist dist/target/snowfox --out docs/benchmarks.md --command "bench/run.sh $*" "$@" \
  || status=$?

# The before/after log of the changes measured with this benchmark, kept by hand, goes at the end
# of every report so that a new run does not lose it.
finish() {
  if [ "$WANTS_HELP" = no ] && [ -f bench/before-after.md ]; then
    printf '\n' >> "$OUT"
    cat bench/before-after.md >> "$OUT"
  fi
  exit "$status"
}

if [ "$WANTS_HELP" = yes ] || ! runs trace; then
  finish
fi

# Section 11: the trace query on 1.1 GB of logs (its own node; appended to the report).
TRACE_OUT=$(mktemp)
# shellcheck disable=SC2086
if "$JAVA" -Xmx256m -cp "$JAR:bench/target/lib/*" io.snowfox.bench.TraceBench \
    dist/target/snowfox 1.1 "$TRACE_OUT" > /dev/null; then
  printf '\n' >> "$OUT"
  cat "$TRACE_OUT" >> "$OUT"
else
  status=1
fi
rm -f "$TRACE_OUT"
finish
