#!/usr/bin/env bash
# Regenerates the OCR fixtures in review/testdata: mkscans draws the page images with the bundled
# Noto Sans SC (scan-mark.png, scan-plain.jpg, scan-id.tif, blank.png), and img2pdf puts the
# first two into a scanned PDF of two pages with no text layer, at the 300 dpi they were drawn at.
# Needs (Debian): img2pdf. Run from anywhere; writes into the directory this script is in.
#
# mkscans.sh bench DIR writes instead DIR/bench.pdf, 20 scanned A4 pages of 小四 text (the first
# under 秘密★1年) for the OCR benchmark; it is not kept in the repository.
set -euo pipefail
cd "$(dirname "$0")"
if [ "${1:-}" = bench ]; then
  dir=$(cd "$2" && pwd)
  go run ./mkscans -bench "$dir"
  img2pdf --producer "" --creationdate 2016-06-30 --moddate 2016-06-30 --imgsize 300dpi "$dir"/bench-*.png -o "$dir/bench.pdf"
  rm "$dir"/bench-*.png
  exit
fi
go run ./mkscans
img2pdf --producer "" --creationdate 2016-06-30 --moddate 2016-06-30 --imgsize 300dpi \
  scan-mark.png scan-plain.jpg -o scan-pages.pdf
