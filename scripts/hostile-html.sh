#!/usr/bin/env bash
# Times `folio read --comments` on each of the worst 4 MiB pages of benches/hostile_html.rs, as
# whole processes: wall-clock and CPU seconds. Target: <= 1 s each.
# Usage: scripts/hostile-html.sh [PROFILE]   (fast by default; `release` for the release build)
set -euo pipefail
profile="${1:-fast}"
cd "$(dirname "$0")/.."
cargo build --locked --profile "$profile" --bin folio -j 2 >&2
shapes="$(mktemp -d)"
trap 'rm -rf "$shapes"' EXIT
FOLIO_BENCH_SHAPES_DIR="$shapes" cargo bench --locked --profile "$profile" --bench hostile_html -j 2 >&2
config="$(mktemp -d)"
trap 'rm -rf "$shapes" "$config"' EXIT
printf '%-24s %8s %8s\n' shape wall_s cpu_s
for page in "$shapes"/*.html; do
    name="$(basename "$page" .html)"
    # GNU time's %e and %U+%S; the output goes nowhere, a failure to find an article is fine.
    /usr/bin/time -f "%e %U %S" -o "$config/time" \
        env XDG_CONFIG_HOME="$config" "target/$profile/folio" read --comments --width 100 "$page" >/dev/null 2>&1 || true
    read -r wall user sys < <(tail -n 1 "$config/time")
    printf '%-24s %8s %8.2f\n' "$name" "$wall" "$(echo "$user + $sys" | bc)"
done
