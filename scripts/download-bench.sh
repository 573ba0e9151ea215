#!/usr/bin/env bash
# A 100 MiB download on loopback: `folio download` against curl from the same server (Python's
# http.server on 127.0.0.1), each run alternately; prints each one's throughput, folio's share of
# curl's (median of the runs) and folio's peak RSS (/usr/bin/time -v).
#   scripts/download-bench.sh [path/to/folio] [runs]
set -euo pipefail
bin=${1:-target/fast/folio}
runs=${2:-3}
dir=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$dir"' EXIT
mkdir -p "$dir/www" "$dir/dl"
head -c $((100 * 1024 * 1024)) /dev/urandom > "$dir/www/episode.mp3"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$dir/www" "$port" > /dev/null 2>&1 &
server=$!
url="http://127.0.0.1:$port/episode.mp3"
for _ in $(seq 50); do curl -sf -o /dev/null -I "$url" && break; sleep 0.1; done
now() { date +%s.%N; }
mibs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100 / (b - a) }'; }
folio_rates=() curl_rates=() peak=0
for run in $(seq "$runs"); do
  start=$(now); curl -sf -o "$dir/curl.out" "$url"; end=$(now)
  curl_rates+=("$(mibs "$start" "$end")")
  rm -f "$dir/dl/"*
  start=$(now)
  /usr/bin/time -v -o "$dir/time.txt" "$bin" --db "$dir/folio.db" --config "$dir/none.toml" \
    download "$url" --dir "$dir/dl" > /dev/null
  end=$(now)
  folio_rates+=("$(mibs "$start" "$end")")
  cmp -s "$dir/dl/episode.mp3" "$dir/www/episode.mp3" || { echo "run $run: the file differs" >&2; exit 1; }
  rss=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$dir/time.txt")
  [ "$rss" -gt "$peak" ] && peak=$rss
  echo "run $run: curl ${curl_rates[-1]} MiB/s, folio ${folio_rates[-1]} MiB/s, folio peak RSS $((rss / 1024)) MiB"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
curl_median=$(median "${curl_rates[@]}") folio_median=$(median "${folio_rates[@]}")
echo "median: curl $curl_median MiB/s, folio $folio_median MiB/s ($(awk -v f="$folio_median" -v c="$curl_median" 'BEGIN { printf "%.0f", 100 * f / c }')% of curl), folio peak RSS $((peak / 1024)) MiB"
