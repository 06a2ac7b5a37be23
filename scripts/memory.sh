#!/usr/bin/env bash
# The window's resident memory (VmRSS from /proc/PID/status) in three scenes, each a real
# window under Xvfb:
#   setup    a fresh data folder: the first-start setup screen
#   sign-in  the next start on that folder, after the window's --tour has filled in the setup
#            form as a person would (an office, its users, three filed drafts): the sign-in screen
#   archive  a store of 100,000 filed items, signed in as its administrator, 归档 open
# For each scene it prints VmRSS and where it lies (the Go heap's live bytes, from the heap
# profile the window writes as it closes; anonymous memory; the C heap, which is mostly Mesa's;
# the program file's pages; Mesa and LLVM, which llvmpipe renders with under Xvfb), and keeps
# a screenshot, the heap profile and the log of each scene in MEMORY_OUT.
#
# Usage: scripts/memory.sh [BINARY]   (`make memory` builds build/shendang and runs this)
# Environment: MEMORY_SETTLE (seconds a scene is left to settle, 8), MEMORY_OUT (build/memory),
#   MEMORY_ARCHIVE_TAB (where the 归档 tab is clicked, "22 150"), MEMORY_WARM=1 (keep the
#   program file in the page cache as the build left it; see below).
#
# The program file is first dropped from the page cache, so that the window maps it as a
# program installed and started later does: read from disk. A file the linker has just written
# sits in the page cache as it was written, in large pieces that a page fault maps whole, and
# counts 9-12 MiB more of the program file as resident in every scene (measured on Linux 6.18,
# ext4) than the same file read back by the window's own page faults.
# Needs Xvfb, xdotool and ImageMagick's import (the Makefile installs them), and go: the archive
# package's TestFillBenchStore fills the large store (archive.FillSynthetic).
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(realpath "${1:-build/shendang}")
settle=${MEMORY_SETTLE:-8}
out=${MEMORY_OUT:-build/memory}
archive_tab=${MEMORY_ARCHIVE_TAB:-22 150}
mkdir -p "$out"
out=$(realpath "$out")
work=$(mktemp -d)
xvfb=""
app=""
cleanup() {
	[ -n "$app" ] && kill "$app" 2>/dev/null || true
	[ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

# A display of its own, whose number Xvfb chooses and writes to the file.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
xvfb=$!
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || { echo "Xvfb did not start:"; cat "$work/xvfb.log"; exit 1; }
export DISPLAY=":$(head -n 1 "$work/display")"

# fill DIR: a store in DIR with an administrator (admin / admin-password) and 100,000 filed items.
fill() {
	SHENDANG_BENCH_STORE="$1" go test ./archive -run '^TestFillBenchStore$' -count=1 >"$work/fill.log" 2>&1 ||
		{ cat "$work/fill.log"; exit 1; }
}

# tour DIR: set up the store in DIR through the first-start form, as `make screenshots` does.
tour() {
	"$bin" --data "$1" --tour >"$work/tour.log" 2>&1 || { cat "$work/tour.log"; exit 1; }
}

# kib PID PATTERN: the resident KiB of the mappings in /proc/PID/smaps whose name matches.
kib() {
	awk -v re="$2" '/^[0-9a-f]+-[0-9a-f]+ /{name=$6} /^Rss:/{if (name ~ re) sum += $2} END{print sum+0}' "/proc/$1/smaps"
}

mib() { awk -v k="$1" 'BEGIN{printf "%.1f", k/1024}'; }

signin() {
	xdotool type --delay 20 admin
	xdotool key Tab
	xdotool type --delay 20 admin-password
	xdotool key Return
	sleep "$settle"
}

open_archive() {
	# shellcheck disable=SC2086 # two coordinates
	xdotool mousemove $archive_tab click 1
	sleep "$settle"
}

# scene NAME DATA-DIR [ACTION...]: start the window on DATA-DIR, wait for it, run the actions,
# read VmRSS after the settling time, and close it.
scene() {
	local name=$1 data=$2
	shift 2
	SHENDANG_HEAPPROFILE="$out/$name.heap" "$bin" --data "$data" >"$out/$name.log" 2>&1 &
	app=$!
	timeout 60 xdotool search --sync --name '^审档' >/dev/null
	sleep "$settle"
	for action in "$@"; do "$action"; done
	local rss anon heap exe mesa
	rss=$(awk '/^VmRSS:/{print $2}' "/proc/$app/status")
	anon=$(awk '/^RssAnon:/{print $2}' "/proc/$app/status")
	heap=$(kib "$app" '^\[heap\]$')
	exe=$(kib "$app" "^$bin\$")
	mesa=$(kib "$app" 'libLLVM|_dri\.so|libgallium|libGL|libglapi')
	import -window root "$out/$name.png"
	kill -TERM "$app"
	wait "$app" || true
	app=""
	local live
	live=$(sed -n 's/.*Go heap \([0-9.]*\) MiB live.*/\1/p' "$out/$name.log")
	printf '%-8s VmRSS %6.1f MiB (%5.1f MB)   Go heap live %5s MiB, anonymous %6s MiB of which C heap %5s MiB, program file %5s MiB, Mesa/LLVM %5s MiB\n' \
		"$name" "$(mib "$rss")" "$(awk -v k="$rss" 'BEGIN{print k*1024/1e6}')" "${live:-?}" "$(mib "$anon")" "$(mib "$heap")" "$(mib "$exe")" "$(mib "$mesa")"
}

echo "==> $bin ($(du -m "$bin" | cut -f1) MiB), $DISPLAY, scenes settle ${settle} s; screenshots, heap profiles and logs in $out"
if [ "${MEMORY_WARM:-}" != 1 ]; then
	sync "$bin" # written back first: only clean pages leave the cache
	dd if="$bin" iflag=nocache count=0 status=none # drop the file's cached pages
fi
fill "$work/archive/store"
scene setup "$work/fresh"
tour "$work/fresh"
scene sign-in "$work/fresh"
scene archive "$work/archive" signin open_archive
echo "(read a heap profile with: go tool pprof -sample_index=inuse_space $bin $out/archive.heap)"
