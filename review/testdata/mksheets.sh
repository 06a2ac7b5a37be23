#!/usr/bin/env bash
# Regenerates the spreadsheet, embedded-object and PDF-annotation fixtures in review/testdata
# (xlsx_test.go, embedded_test.go, pdfannots_test.go) with real producers: LibreOffice Calc
# writes the workbook src/book.fods as .xlsx, .xls and .ods (and the .xls is the .et: WPS 表格
# saves the same BIFF8 file); LibreOffice Writer writes a letter with that workbook embedded as
# an object (.docx) and a letter with a comment exported as a PDF annotation; qpdf rebuilds
# the cross-reference table of a small hand-written PDF with filled-in form fields, which no
# producer here writes.
# Needs (Debian): libreoffice-calc-nogui libreoffice-writer-nogui qpdf fonts-noto-cjk.
# Run from anywhere; writes into the directory this script is in.
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

convert() { # FORMAT:FILTER SOURCE
  soffice --headless --norestore -env:UserInstallation=file://$tmp/profile \
    --convert-to "$1" --outdir "$tmp/out" "$2" >/dev/null 2>&1
}

# The workbook: sheet 补贴名单 with an ID as text in a hidden column, a phone in a hidden row,
# an ID typed into a number cell (stored with 15 significant digits), a cell comment holding an
# ID, a header and a footer with 内部资料; and the hidden sheet 底稿 with a mark and an ID.
convert "xlsx:Calc MS Excel 2007 XML" src/book.fods
convert "xls:MS Excel 97" src/book.fods
convert "ods:calc8" src/book.fods
cp "$tmp/out/book.xlsx" book.xlsx
cp "$tmp/out/book.xls" book.xls
cp "$tmp/out/book.xls" book.et
cp "$tmp/out/book.ods" book.ods

# A harmless letter with the workbook embedded in it (word/embeddings/oleObject1.xlsx).
inner=$(sed '1d' src/book.fods)
s=$(<src/letter.fodt.in)
printf '%s\n' "${s//@BOOK@/$inner}" > "$tmp/letter.fodt"
convert "docx:MS Word 2007 XML" "$tmp/letter.fodt"
cp "$tmp/out/letter.docx" letter-embedded.docx

# A letter whose comment, exported as a PDF annotation (/Subtype /Text with its pop-up), holds
# an ID.
convert 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}' src/note.fodt
cp "$tmp/out/note.pdf" comment-annot.pdf

# Form fields: 密级 filled in with 秘密★1年 (UTF-16BE), and applicant.phone (a kid field with
# its own widget) filled in with a mobile number.
printf '%s\n' '%PDF-1.7' \
  '1 0 obj <</Type/Catalog/Pages 2 0 R/AcroForm <</Fields[4 0 R 5 0 R]>>>> endobj' \
  '2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj' \
  '3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Resources <</Font <</F1 <</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>/Contents 6 0 R/Annots[4 0 R 8 0 R]>> endobj' \
  '4 0 obj <</Type/Annot/Subtype/Widget/FT/Tx/T<FEFF5BC67EA7>/V<FEFF79D85BC6260500315E74>/Rect[20 150 200 170]/P 3 0 R/F 4>> endobj' \
  '5 0 obj <</T(applicant)/Kids[8 0 R]>> endobj' \
  '6 0 obj <</Length 35>> stream' 'BT /F1 12 Tf 20 50 Td (Form) Tj ET' 'endstream endobj' \
  '8 0 obj <</Type/Annot/Subtype/Widget/FT/Tx/Parent 5 0 R/T(phone)/V(13812345678)/Rect[20 100 200 120]/P 3 0 R/F 4>> endobj' \
  'trailer <</Size 9/Root 1 0 R>>' '%%EOF' > "$tmp/form.pdf"
qpdf --deterministic-id "$tmp/form.pdf" form-fields.pdf || [ $? -eq 3 ]

echo "fixtures written to $here"
