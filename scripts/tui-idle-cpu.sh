#!/usr/bin/env bash
# Idle CPU of the reader: runs `folio demo` in a detached tmux, lets it settle, then counts the CPU
# time (utime + stime, in clock ticks) it uses over a quiet interval. Expect 0 ticks: the loop
# waits on terminal events and background results and never redraws on a timer.
#   scripts/tui-idle-cpu.sh [path/to/folio] [seconds]
set -euo pipefail
bin=${1:-target/release/folio}
seconds=${2:-10}
dir=$(mktemp -d)
socket=folio-idle-$$
trap 'tmux -L "$socket" kill-server 2>/dev/null; rm -rf "$dir"' EXIT
tmux -L "$socket" new-session -d -x 100 -y 30 "$bin --config $dir/config.toml --db $dir/demo.db demo"
sleep 3
pid=$(pgrep -f -n "$bin --config $dir/config.toml")
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
before=$(ticks)
sleep "$seconds"
after=$(ticks)
echo "idle cpu: $((after - before)) ticks ($(getconf CLK_TCK)/s) in ${seconds}s"
