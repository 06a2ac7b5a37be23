#!/usr/bin/env bash
# Regenerates the OCR fixtures in review/testdata: mkscans draws the page images with the bundled
# Noto Sans SC (scan-mark.png, scan-plain.jpg, scan-id.tif, blank.png), and img2pdf puts the
# first two into a scanned PDF of two pages with no text layer, at the 300 dpi they were drawn at.
# scan-numbered.pdf is scan-pages.pdf with a page number (- 1 -, at the foot of a LibreOffice page) laid over
# each page by qpdf, and underlaid.pdf the scan of mkfixtures.sh under a page of 113 characters of
# text (full-lo.pdf's first): a scan with a little text is recognised, one with a page of text
# is not (pdf.go's scanUnderText).
# Needs (Debian): img2pdf qpdf libreoffice-writer-nogui. Run from anywhere; writes into the
# directory this script is in.
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
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The number at the foot of the page, where a page number sits: 45 empty lines of the A4 page first.
{ printf '\n%.0s' $(seq 45); printf -- '- 1 -\n'; } > "$tmp/number.txt"
HOME="$tmp" soffice --headless --norestore -env:UserInstallation=file://$tmp/profile \
  --convert-to pdf --outdir "$tmp" "$tmp/number.txt" >/dev/null
qpdf --deterministic-id scan-pages.pdf --overlay "$tmp/number.pdf" --repeat=1 -- scan-numbered.pdf
qpdf --deterministic-id scan.pdf --overlay full-lo.pdf --to=1 -- underlaid.pdf
