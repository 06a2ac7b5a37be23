#!/usr/bin/env bash
# Regenerates assets/icon.png: a red official-seal (公章) motif with 审档 in the bundled font.
# Needs ImageMagick (Debian package imagemagick). Run from the repository root.
set -euo pipefail
font=assets/fonts/NotoSansSC-Regular.ttf
red='#c8102e'
convert -size 512x512 xc:none \
  -fill '#fffaf3' -stroke none -draw 'circle 256,256 256,14' \
  -fill none -stroke "$red" -strokewidth 26 -draw 'circle 256,256 256,26' \
  -strokewidth 6 -draw 'circle 256,256 256,62' \
  -stroke none -fill "$red" \
  -draw 'polygon 256,92 268,128 306,128 275,150 287,186 256,164 225,186 237,150 206,128 244,128' \
  -font "$font" -pointsize 150 -gravity center -annotate +0+40 '审档' \
  -pointsize 44 -annotate +0+160 '政务公开' \
  -strip PNG32:assets/icon.png
