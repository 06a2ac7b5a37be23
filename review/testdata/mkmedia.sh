#!/usr/bin/env bash
# Regenerates the fixtures of images pasted into office files (media_test.go): mkscans -media
# draws a screenshot of a list's lines (秘密★1年, an ID), a thin rule and a photo without text;
# LibreOffice pastes all three into a letter (media-letter.docx, whose own text is harmless)
# and the screenshot into a workbook (media-book.xlsx), from flat ODF written here.
# Needs (Debian): libreoffice-writer-nogui libreoffice-calc-nogui.
# Run from anywhere; writes into the directory this script is in.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go run ./mkscans -media "$tmp"

# frame NAME WIDTH HEIGHT: a draw:frame holding $tmp/NAME as inline base64.
frame() {
  printf '<draw:frame draw:name="%s" svg:width="%s" svg:height="%s" text:anchor-type="as-char"><draw:image><office:binary-data>%s</office:binary-data></draw:image></draw:frame>' \
    "$1" "$2" "$3" "$(base64 -w0 "$tmp/$1")"
}

ns='xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3"'

cat > "$tmp/media-letter.fodt" <<ODT
<?xml version="1.0" encoding="UTF-8"?>
<office:document $ns office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>
<text:p>各科室：补贴发放情况见下图。</text:p>
<text:p>$(frame media-id.png 9.6cm 2cm)</text:p>
<text:p>$(frame media-rule.png 12cm 0.08cm)</text:p>
<text:p>$(frame media-photo.png 4cm 3cm)</text:p>
<text:p>特此通知。</text:p>
</office:text></office:body></office:document>
ODT

cat > "$tmp/media-book.fods" <<ODS
<?xml version="1.0" encoding="UTF-8"?>
<office:document $ns office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body><office:spreadsheet>
<table:table table:name="说明"><table:shapes>$(frame media-id.png 9.6cm 2cm | sed 's/text:anchor-type="as-char"/svg:x="1cm" svg:y="2cm"/')</table:shapes>
<table:table-row><table:table-cell office:value-type="string"><text:p>补贴发放情况见图</text:p></table:table-cell></table:table-row>
</table:table>
</office:spreadsheet></office:body></office:document>
ODS

HOME="$tmp" soffice --headless --norestore -env:UserInstallation=file://$tmp/profile \
  --convert-to "docx:MS Word 2007 XML" --outdir . "$tmp/media-letter.fodt" >/dev/null
HOME="$tmp" soffice --headless --norestore -env:UserInstallation=file://$tmp/profile \
  --convert-to "xlsx:Calc MS Excel 2007 XML" --outdir . "$tmp/media-book.fods" >/dev/null
