#!/bin/sh
# Makes the two bundled faces from their upstream fonts: fetches the npm packages
# @expo-google-fonts/noto-sans-sc and noto-serif-sc (Google Fonts' Noto Sans SC and Noto Serif
# SC, 400 Regular, TrueType), checks them against the SHA-256 sums below, and subsets each with
# HarfBuzz's hb-subset to the characters charset.go lists — everything GBK (code page 936)
# encodes, Latin-1, general punctuation, CJK symbols and full-width forms — without hinting
# (nothing here hints: Fyne and PDF viewers rasterise outlines as they are) and without the
# vertical-layout tables (vhea, vmtx), which neither Fyne nor gofpdf reads. The window's face
# is then rewritten with CFF outlines by ttf2cff (see its doc: go-text decodes CFF glyphs only
# when they are drawn); the forms' face stays TrueType, which gofpdf needs.
#
# Usage: assets/fonts/mksubset.sh [CACHE-DIR]
# It writes NotoSansSC-Regular.otf and NotoSerifSC-Regular.ttf beside itself, and keeps the
# upstream fonts in CACHE-DIR (build/fonts-upstream), where BenchmarkUIFontParse finds the
# unsubset face to compare against. Needs npm, go and hb-subset (Debian: libharfbuzz-bin,
# which `make fonts` installs).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${1:-$root/build/fonts-upstream}
version=0.4.3
for tool in npm go hb-subset; do
	command -v "$tool" >/dev/null || { echo "mksubset.sh: $tool not found (npm comes with Node.js; hb-subset with libharfbuzz-bin)"; exit 1; }
done
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

# fetch PACKAGE FILE SHA256: FILE out of the npm package, checked.
fetch() {
	if [ ! -f "$cache/$2" ]; then
		tgz=$(cd "$cache" && npm pack --silent "@expo-google-fonts/$1@$version")
		tar -xzf "$cache/$tgz" -C "$cache" --strip-components=2 "package/400Regular/$2"
		tar -xzf "$cache/$tgz" -O package/LICENSE_FONT >"$cache/$1-LICENSE_FONT"
		rm -f "$cache/$tgz"
	fi
	echo "$3  $cache/$2" | sha256sum -c --quiet -
}

fetch noto-sans-sc NotoSansSC_400Regular.ttf d45f67f0a7c0ca3f256950777ce6a61cc7ce5f9696d02900cbbaac25f8aa7d16
fetch noto-serif-sc NotoSerifSC_400Regular.ttf c358a69de3df5f423a8946a7b03e3126fb6ba116f1130a463455b4e39e1f0742

(cd "$root" && go run ./assets/fonts/charset.go) >"$cache/charset.txt"

# subset IN OUT: the characters of charset.txt from IN.
subset() {
	hb-subset --font-file="$cache/$1" --unicodes-file="$cache/charset.txt" \
		--no-hinting --drop-tables+=vhea,vmtx --output-file="$2"
}
subset NotoSansSC_400Regular.ttf "$cache/NotoSansSC-Regular.ttf"
(cd "$root" && go run ./assets/fonts/ttf2cff "$cache/NotoSansSC-Regular.ttf" "$here/NotoSansSC-Regular.otf")
subset NotoSerifSC_400Regular.ttf "$here/NotoSerifSC-Regular.ttf"
for f in NotoSansSC-Regular.otf NotoSerifSC-Regular.ttf; do
	echo "$here/$f: $(wc -c <"$here/$f") bytes"
done
cmp -s "$cache/noto-sans-sc-LICENSE_FONT" "$here/NotoSansSC-OFL.txt" || cp "$cache/noto-sans-sc-LICENSE_FONT" "$here/NotoSansSC-OFL.txt"
cmp -s "$cache/noto-serif-sc-LICENSE_FONT" "$here/NotoSerifSC-OFL.txt" || cp "$cache/noto-serif-sc-LICENSE_FONT" "$here/NotoSerifSC-OFL.txt"
