#!/usr/bin/env bash
# Regenerates the redaction fixtures (redactpdf_test.go) from src/redact-ids.fodt, a 补贴 list
# with full 身份证号 in a paragraph and in a table:
#   redact-ids-lo.pdf    LibreOffice's PDF export (embedded subset font with ToUnicode)
#   redact-ids-cid.pdf   the same pages rewritten by cairo (CID font, Identity-H)
#   redact-ids-nouni.pdf LibreOffice's PDF with the font's ToUnicode map taken away: the text
#                        cannot be read from the file, only from the page's image
#   redact-ids-scan.pdf  page 1 rendered at 300 dpi in grey and put into a PDF by img2pdf (a scan)
#   redact-ids.doc       LibreOffice's Word 97 file
#   redact-ids-scan.png  that 300 dpi grey render as an image file (a scan saved as PNG)
#   redact-ids-photo.jpg the same at 60 %, dark blue ink on cream paper, as a JPEG (a photo)
# Needs (Debian): libreoffice-writer-nogui poppler-utils qpdf img2pdf imagemagick.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/fonts.conf" <<CONF
<?xml version="1.0"?>
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>$root/assets/fonts</dir>
  <cachedir>$tmp/fc-cache</cachedir>
</fontconfig>
CONF
export FONTCONFIG_FILE="$tmp/fonts.conf" HOME="$tmp"
for to in pdf:writer_pdf_Export "doc:MS Word 97"; do
  soffice --headless --norestore -env:UserInstallation=file://$tmp/profile \
    --convert-to "$to" --outdir "$tmp/out" src/redact-ids.fodt >/dev/null
done
cp "$tmp/out/redact-ids.pdf" redact-ids-lo.pdf
cp "$tmp/out/redact-ids.doc" redact-ids.doc
pdftocairo -pdf redact-ids-lo.pdf redact-ids-cid.pdf
# The same length replaces the key, so the QDF file's offsets stay right.
qpdf --qdf --object-streams=disable redact-ids-lo.pdf "$tmp/qdf.pdf"
sed 's#/ToUnicode#/ToUnicodX#' "$tmp/qdf.pdf" > "$tmp/nouni.pdf"
qpdf --deterministic-id "$tmp/nouni.pdf" redact-ids-nouni.pdf
pdftoppm -r 300 -gray -png -f 1 -l 1 -singlefile redact-ids-lo.pdf "$tmp/scan"
img2pdf --producer "" --creationdate 2016-06-30 --moddate 2016-06-30 --imgsize 300dpi "$tmp/scan.png" -o redact-ids-scan.pdf
cp "$tmp/scan.png" redact-ids-scan.png
convert "$tmp/scan.png" -resize 60% -colorspace sRGB +level-colors '#1c2440','#f3ecdc' -quality 85 redact-ids-photo.jpg
ls -l redact-ids*
