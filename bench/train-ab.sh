#!/usr/bin/env bash
# Default trainings of two builds, alternated, with the phases of each run: this host's timings
# drift by 0.5 s between consecutive identical runs, so only interleaved runs compare.
#
#   bash bench/train-ab.sh ROUNDS LAUNCHER_A LAUNCHER_B [train options...]
#   e.g. git worktree add /tmp/before HEAD~1 && (cd /tmp/before && ./snnloc --version)
#        bash bench/train-ab.sh 10 /tmp/before/snnloc ./snnloc
#
# Per run: wall time; "ready" = when epoch 1 ended minus its own time (JVM start, command line,
# backend choice, data generated and prepared); epoch 1; the mean of the later epochs. Then the
# median and mean of each column per launcher. SNNLOC_JAVA_OPTS is passed on to both.
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: bash bench/train-ab.sh ROUNDS LAUNCHER_A LAUNCHER_B [train options...]" >&2
  exit 2
fi
rounds=$1 a=$2 b=$3
shift 3
case "$rounds" in ''|*[!0-9]*) echo "train-ab: ROUNDS must be a whole number, got '$rounds'" >&2; exit 2 ;; esac
for launcher in "$a" "$b"; do
  [ -x "$launcher" ] || { echo "train-ab: $launcher is not an executable launcher" >&2; exit 2; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Prints "wall ready epoch1 later" for one run; stderr lines are stamped as they arrive.
run_once() {
  local launcher=$1 start log="$work/log"
  shift
  rm -rf "$work/run"
  start=$EPOCHREALTIME
  "$launcher" train --out "$work/run" "$@" 2>&1 | while IFS= read -r line; do
    printf '%s %s\n' "$EPOCHREALTIME" "$line"
  done > "$log"
  awk -v start="$start" -v end="$EPOCHREALTIME" '
    / epoch +1\// { epoch1 = $(NF - 1); ready = $1 - start - epoch1 }
    / epoch +[0-9]+\// && !/ epoch +1\// { later += $(NF - 1); n++ }
    END {
      if (epoch1 == "") { print "no epoch line" > "/dev/stderr"; exit 1 }
      printf "%.2f %.2f %.2f %.4f\n", end - start, ready, epoch1, (n ? later / n : 0)
    }' "$log"
}

printf '%-5s %-6s %7s %7s %8s %8s\n' round build wall ready epoch1 later
for round in $(seq "$rounds"); do
  for side in A B; do
    launcher=$a
    [ "$side" = B ] && launcher=$b
    if ! result="$(run_once "$launcher" "$@")"; then
      echo "train-ab: the run of $launcher failed; its output:" >&2
      cut -d' ' -f2- "$work/log" >&2
      exit 1
    fi
    echo "$side $result" >> "$work/results"
    read -r wall ready epoch1 later <<< "$result"
    printf '%-5s %-6s %7s %7s %8s %8s\n' "$round" "$side" "$wall" "$ready" "$epoch1" "$later"
  done
done
echo "A = $a, B = $b"
for side in A B; do
  for column in 2 3 4 5; do
    grep "^$side " "$work/results" | cut -d' ' -f"$column" | sort -g | awk '{v[NR] = $1; s += $1}
      END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%s %.3f %.3f\n", "'"$side"'", m, s / NR }'
  done | awk 'BEGIN { split("wall ready epoch1 later", name) }
      { printf "%s median %s %.3f (mean %.3f)   ", $1, name[NR], $2, $3 } END { print "" }'
done
