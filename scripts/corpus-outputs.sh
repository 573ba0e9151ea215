#!/usr/bin/env bash
# Writes what `folio read` prints for every page of the extraction and comment dev sets into one
# folder, so two builds can be compared byte for byte with `diff -r` (a refactor must change nothing).
# Usage: scripts/corpus-outputs.sh BIN OUT_DIR [DATASETS_DIR]
#   BIN           the folio binary (e.g. target/fast/folio)
#   OUT_DIR       created; holds trafilatura/, readability/ and comments/ (stdout, plus the exit code
#                 and stderr of any run that fails)
#   DATASETS_DIR  default /work/shared/datasets (trafilatura-dev/, readability-test-pages/, comments-dev/)
# Pages are found and called the way /work/shared/eval/extract_eval.py and comments_eval.py do.
set -euo pipefail
bin="$(realpath "$1")"
out="$2"
datasets="${3:-/work/shared/datasets}"
mkdir -p "$out/trafilatura" "$out/readability" "$out/comments"
# An empty config folder: the user's config (width, theme) must not change the outputs.
config="$(mktemp -d)"
trap 'rm -rf "$config"' EXIT
export XDG_CONFIG_HOME="$config" FOLIO_BIN="$bin" FOLIO_OUT="$out"

# One line per run: kind, input path, URL, output name (tab-separated).
python3 - "$datasets" >"$config/jobs.tsv" <<'EOF'
import json, os, re, sys, urllib.parse
root = sys.argv[1]
traf = os.path.join(root, "trafilatura-dev")
data = json.load(open(os.path.join(traf, "evaldata.json"), encoding="utf-8"))
for key in sorted(data):
    item = data[key]
    url = key if key.startswith(("http://", "https://")) else "http://fakehost/" + urllib.parse.quote(item["file"])
    print("page", os.path.join(traf, "pages", item["file"]), url, "trafilatura/" + item["file"], sep="\t")
read = os.path.join(root, "readability-test-pages")
for name in sorted(os.listdir(read)):
    if os.path.isfile(os.path.join(read, name, "source.html")):
        print("page", os.path.join(read, name, "source.html"), "http://fakehost/test/page.html",
              "readability/" + name, sep="\t")
comments = os.path.join(root, "comments-dev")
for name in sorted(os.listdir(comments)):
    d = os.path.join(comments, name)
    if name.startswith(("_", ".")) or not os.path.isdir(d):
        continue
    for truth_name in ("truth.json", "expected.json"):
        if os.path.exists(os.path.join(d, truth_name)):
            t = json.load(open(os.path.join(d, truth_name), encoding="utf-8"))
            break
    else:
        continue
    default = "page.html" if os.path.exists(os.path.join(d, "page.html")) else "input.html"
    print("comments", os.path.join(d, t.get("input", default)), t.get("url", ""), "comments/" + name, sep="\t")
EOF

run_one() {
    local kind="$1" input="$2" url="$3" name="$4" code=0
    local dest="$FOLIO_OUT/$name"
    if [ "$kind" = comments ]; then
        "$FOLIO_BIN" read --comments --json "$input" --url "$url" >"$dest.out" 2>"$dest.err" || code=$?
    else
        "$FOLIO_BIN" read "$input" --url "$url" >"$dest.out" 2>"$dest.err" </dev/null || code=$?
    fi
    if [ "$code" -eq 0 ]; then
        rm -f "$dest.err"
    else
        echo "$code" >"$dest.exit"
    fi
}
export -f run_one
tr '\t' '\037' <"$config/jobs.tsv" |
    xargs -P 2 -d '\n' -I{} bash -c 'IFS=$'"'"'\037'"'"' read -r k i u n <<<"$1"; run_one "$k" "$i" "$u" "$n"' _ {}
echo "$(wc -l <"$config/jobs.tsv") runs written to $out" >&2
