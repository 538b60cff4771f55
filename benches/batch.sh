#!/usr/bin/env bash
# Batch throughput and memory, side by side in one run.
#
# Builds an archive of at least COLEAD_BENCH_MB megabytes (default 1024) by
# replicating ../shared/data/qmsum/train in a mix of formats colead reads
# (the QMSum JSON as it is, and the same meetings as plain text, WebVTT,
# SubRip, CSV and a JSON array, with made-up times), in a temporary folder
# outside the repository. Then, in turns:
#
#   cat      every file to /dev/null: the floor (reading alone)
#   jobs 1   colead batch --jobs 1 --out DIR (parse, segment, classify,
#            score, write meetings.csv and speakers.csv)
#   jobs 2   the same with --jobs 2
#   jobs 2, archive x2   the archive twice (hard links): peak memory must
#            stay flat, bounded by the largest file, not by the archive
#
# and prints MB/s, meetings/s, the ratios and peak RSS (GNU time's maximum
# resident set size). Usage:
#
#   benches/batch.sh                      # 1 GB archive, one round
#   COLEAD_BENCH_MB=200 ROUNDS=3 benches/batch.sh
#   COLEAD_BENCH_ARGS="--classifier rules" benches/batch.sh
#
# Machines are shared: quote ratios from one run, not absolute figures
# from different runs.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${COLEAD_BENCH_DATA:-../shared/data/qmsum/train}
MB=${COLEAD_BENCH_MB:-1024}
ROUNDS=${ROUNDS:-1}
EXTRA=${COLEAD_BENCH_ARGS:-}
if [ ! -d "$DATA" ]; then
  echo "skipped: $DATA not found (the benchmark replicates the QMSum meetings)"
  exit 0
fi
if [ ! -x /usr/bin/time ]; then
  echo "needs GNU time (/usr/bin/time) for peak memory: apt-get install time" >&2
  exit 2
fi

cargo build --release --quiet
BIN=$PWD/target/release/colead
WORK=${COLEAD_BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/colead-bench.XXXXXX")}
trap 'rm -rf "$WORK"' EXIT
ARCHIVE=$WORK/archive

echo "building a ${MB} MB archive in $ARCHIVE ..."
python3 - "$DATA" "$ARCHIVE" "$MB" <<'PY'
import csv, io, json, os, sys

data, out, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
meetings = []
for name in sorted(os.listdir(data)):
    if name.endswith(".json"):
        with open(os.path.join(data, name), encoding="utf-8") as f:
            text = f.read()
        turns = [(t["speaker"], " ".join(t["content"].split()))
                 for t in json.loads(text)["meeting_transcripts"]]
        meetings.append((name[:-5], text, turns))

def times(turns):
    # Made-up times: 0.4 s a word, at least a second a turn.
    t = 0.0
    for speaker, content in turns:
        d = max(1.0, 0.4 * len(content.split()))
        yield speaker, content, t, t + d
        t += d

def clock(s, sep):
    ms = int(round(s * 1000))
    return "%02d:%02d:%02d%s%03d" % (ms // 3600000, ms // 60000 % 60, ms // 1000 % 60, sep, ms % 1000)

def plain(turns):
    return "".join(f"{s}: {c}\n" for s, c in turns if c)

def webvtt(turns):
    cues = [f"{clock(a, '.')} --> {clock(b, '.')}\n<v {s}>{c}\n" for s, c, a, b in times(turns) if c]
    return "WEBVTT\n\n" + "\n".join(cues)

def srt(turns):
    cues = [f"{i}\n{clock(a, ',')} --> {clock(b, ',')}\n{s}: {c}\n"
            for i, (s, c, a, b) in enumerate((t for t in times(turns) if t[1]), 1)]
    return "\n".join(cues)

def table(turns):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["speaker", "start", "end", "text"])
    for s, c, a, b in times(turns):
        if c:
            w.writerow([s, "%.3f" % a, "%.3f" % b, c])
    return buf.getvalue()

def array(turns):
    return json.dumps([{"speaker": s, "text": c, "start": round(a, 3), "end": round(b, 3)}
                       for s, c, a, b in times(turns) if c], indent=1)

formats = [("json", lambda m: m[1]), ("txt", lambda m: plain(m[2])),
           ("vtt", lambda m: webvtt(m[2])), ("srt", lambda m: srt(m[2])),
           ("csv", lambda m: table(m[2])), ("array.json", lambda m: array(m[2]))]
total, copy, goal = 0, 0, mb * 1_000_000
while total < goal:
    folder = os.path.join(out, "copy-%04d" % copy)
    os.makedirs(folder)
    for i, m in enumerate(meetings):
        ext, render = formats[(i + copy) % len(formats)]
        path = os.path.join(folder, f"{m[0]}.{ext}")
        with open(path, "w", encoding="utf-8") as f:
            f.write(render(m))
        total += os.path.getsize(path)
    copy += 1
print(f"{total / 1e6:.0f} MB in {copy * len(meetings)} files")
PY

cp -al "$ARCHIVE" "$WORK/archive-b"
BYTES=$(find "$ARCHIVE" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
FILES=$(find "$ARCHIVE" -type f | wc -l)
LARGEST=$(find "$ARCHIVE" -type f -printf '%s\n' | sort -n | tail -1)

# Warm the page cache, so every contender reads from memory.
find "$ARCHIVE" -type f -print0 | xargs -0 cat >/dev/null

# measure NAME BYTES FILES COMMAND...: appends "name seconds rss_kb bytes files".
RESULTS=$WORK/results
: >"$RESULTS"
measure() {
  local name=$1 bytes=$2 files=$3
  shift 3
  /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" || {
    code=$?
    # colead exits 2 when some files could not be analyzed; anything else is a failure.
    if [ "$code" -ne 2 ]; then cat "$WORK/stderr" >&2; exit 1; fi
  }
  read -r secs rss <"$WORK/time"
  echo "$name $secs $rss $bytes $files" >>"$RESULTS"
}

for round in $(seq "$ROUNDS"); do
  echo "round $round of $ROUNDS ..."
  measure cat "$BYTES" "$FILES" sh -c "find '$ARCHIVE' -type f -print0 | xargs -0 cat >/dev/null"
  # shellcheck disable=SC2086
  measure "jobs-1" "$BYTES" "$FILES" "$BIN" batch "$ARCHIVE" --jobs 1 --out "$WORK/out1" --no-cache -q $EXTRA
  # shellcheck disable=SC2086
  measure "jobs-2" "$BYTES" "$FILES" "$BIN" batch "$ARCHIVE" --jobs 2 --out "$WORK/out2" --no-cache -q $EXTRA
  # shellcheck disable=SC2086
  measure "jobs-2-x2" "$((2 * BYTES))" "$((2 * FILES))" "$BIN" batch "$ARCHIVE" "$WORK/archive-b" --jobs 2 --out "$WORK/out3" --no-cache -q $EXTRA
done

cmp -s "$WORK/out1/meetings.csv" "$WORK/out2/meetings.csv" || { echo "jobs 1 and 2 wrote different tables" >&2; exit 1; }

FAILED=$(($(wc -l <"$WORK/out1/errors.csv") - 1))
echo
echo "archive: $((BYTES / 1000000)) MB, $FILES files ($FAILED could not be analyzed), largest file $((LARGEST / 1000)) kB; $(nproc) cores; ${EXTRA:-default classifier}"
echo
python3 - "$RESULTS" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, secs, rss, size, files = line.split()
    rows.setdefault(name, []).append((float(secs), int(rss), int(size), int(files)))
med = {n: (statistics.median(r[0] for r in v), max(r[1] for r in v), v[0][2], v[0][3]) for n, v in rows.items()}
print("| run | seconds (median) | MB/s | meetings/s | vs cat | peak RSS MB |")
print("| --- | --- | --- | --- | --- | --- |")
for name in ["cat", "jobs-1", "jobs-2", "jobs-2-x2"]:
    secs, rss, size, files = med[name]
    print(f"| {name} | {secs:.2f} | {size / 1e6 / secs:.1f} | {files / secs:.1f} | "
          f"{secs / med['cat'][0]:.1f}x | {rss / 1024:.0f} |")
print()
print(f"jobs 1 -> 2 speedup: {med['jobs-1'][0] / med['jobs-2'][0]:.2f}x")
print(f"peak RSS, archive x2 / x1 (jobs 2): {med['jobs-2-x2'][1] / med['jobs-2'][1]:.2f}")
PY
