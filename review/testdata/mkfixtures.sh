#!/usr/bin/env bash
# Regenerates the reader fixtures in review/testdata from the sources in src/ with real producers:
# LibreOffice writes .docx, .pdf and .doc from flat ODT; qpdf encrypts; ImageMagick and img2pdf
# make a scanned (image-only) PDF; iconv writes GBK; mkofd assembles the OFD.
# Needs (Debian): libreoffice-writer-nogui qpdf img2pdf imagemagick poppler-utils pango1.0-tools
# fonts-noto-cjk.
# Run from anywhere; writes into the directory this script is in.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# LibreOffice finds the bundled Noto Sans SC (TrueType outlines) and Debian's Noto Sans CJK
# (CFF outlines): the two kinds of CID font a Chinese PDF embeds.
cat > "$tmp/fonts.conf" <<CONF
<?xml version="1.0"?>
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>$root/assets/fonts</dir>
  <cachedir>$tmp/fc-cache</cachedir>
</fontconfig>
CONF
export FONTCONFIG_FILE="$tmp/fonts.conf" HOME="$tmp"

# fill NAME FONT KEY=VALUE…: writes $tmp/NAME.fodt from the template.
fill() {
  local name=$1 font=$2; shift 2
  local -A v=([TITLE]="测试文档" [HEADER]="页眉示例" [FOOTER]="页脚示例" [DELETED]="删去的示例"
    [COMMENT]="批注示例" [FOOTNOTE]="脚注示例" [ENDNOTE]="尾注示例" [TEXTBOX]="文本框示例" [BODY]="正文结束。")
  local kv
  for kv in "$@"; do v[${kv%%=*}]=${kv#*=}; done
  local s; s=$(<src/draft.fodt.in)
  s=${s//@FONT@/$font}
  local k
  for k in "${!v[@]}"; do s=${s//@$k@/${v[$k]}}; done
  printf '%s\n' "$s" > "$tmp/$name.fodt"
}

convert_to() { # FORMAT FILTER NAME…
  local ext=$1 filter=$2; shift 2
  local n
  for n in "$@"; do
    soffice --headless --norestore -env:UserInstallation=file://$tmp/profile \
      --convert-to "$ext:$filter" --outdir "$tmp/out" "$tmp/$n.fodt" >/dev/null
  done
}

fill full "Noto Sans SC" TITLE="政务公开测试标题" HEADER="页眉：厦门市司法局政务公开" FOOTER="页脚文字" \
  DELETED="删除的文字" COMMENT="批注内容" FOOTNOTE="脚注内容" ENDNOTE="尾注内容" TEXTBOX="文本框内容"
fill header-only "Noto Sans SC" HEADER="秘密★1年"
fill comment-only "Noto Sans SC" COMMENT="内部资料 注意保存"
fill deletion-only "Noto Sans SC" DELETED="机密★5年"

# Every form of classification mark and each kind of noise, one per line (marks_test.go).
marks=(秘密★1年 机密★2027年6月30日 绝密★启用前 "秘 密★１年" 機密★5年 绝密☆长期 "秘密*6个月" 秘密１年★ 內部資料 内部资料注意保存)
body=$(IFS='|'; echo "${marks[*]}"); body=${body//|/<text:line-break/>}
fill marks "Noto Sans SC" BODY="$body"
printf '%s\n' "${marks[@]}" > marks.txt

convert_to docx "MS Word 2007 XML" full header-only comment-only deletion-only marks
convert_to pdf writer_pdf_Export full marks
convert_to doc "MS Word 97" full
cp "$tmp/out/full.docx" full.docx
cp "$tmp/out/header-only.docx" header-only.docx
cp "$tmp/out/comment-only.docx" comment-only.docx
cp "$tmp/out/deletion-only.docx" deletion-only.docx
# Three producers' PDFs: LibreOffice's own (subset simple TrueType fonts with ToUnicode); the
# same pages rewritten by cairo (CID TrueType font, Identity-H); and pango's rendering of text
# in Noto Sans CJK SC (CID-keyed CFF font, CIDFontType0C, Identity-H).
cp "$tmp/out/full.pdf" full-lo.pdf
pdftocairo -pdf full-lo.pdf full-ttf.pdf
printf '厦门市司法局关于印发政务公开工作实施方案的通知\n秘密★1年\n内部资料 注意保存\n除涉密信息外，部门预决算支出应当公开。\n' > "$tmp/cff.txt"
pango-view --no-display --output=cid-cff.pdf --font="Noto Sans CJK SC 14" "$tmp/cff.txt"
cp "$tmp/out/marks.docx" marks.docx
pdftocairo -pdf "$tmp/out/marks.pdf" marks.pdf
cp "$tmp/out/marks.pdf" marks-lo.pdf
cp "$tmp/out/full.doc" full.doc
# A Kingsoft WPS .wps file is a Word 97 binary; LibreOffice detects it by content.
cp "$tmp/out/full.doc" full.wps

# A scan: a page image with no text layer, alone and after a text page.
convert -size 1240x1754 xc:white -font "$root/assets/fonts/NotoSansSC-Regular.ttf" -pointsize 72 \
  -fill black -annotate +200+300 '秘密★1年' -annotate +200+500 '扫描件示例' "$tmp/scan.png"
img2pdf --producer "" --creationdate 2016-06-30 --moddate 2016-06-30 "$tmp/scan.png" -o scan.pdf
qpdf --empty --pages full-ttf.pdf 1 scan.pdf -- mixed.pdf
# A scan stamped with text: qpdf puts an overlay page into a Form XObject, which the PDF library
# does not read by itself.
qpdf scan.pdf --overlay cid-cff.pdf -- stamped.pdf

# Encryption: owner password only (opens without asking) with AES-256 and RC4-128; and one
# that needs a user password.
qpdf --encrypt "" owner-secret 256 -- full-ttf.pdf owner-aes256.pdf
qpdf --allow-weak-crypto --encrypt "" owner-secret 128 --use-aes=n -- full-ttf.pdf owner-rc4.pdf
qpdf --encrypt user-secret owner-secret 256 -- full-ttf.pdf user-password.pdf

# Plain text in every encoding a disclosure office receives.
printf '厦门市司法局\n内部资料 注意保存\n政务公开。\n' > utf8.txt
{ printf '\xef\xbb\xbf'; cat utf8.txt; } > utf8-bom.txt
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE utf8.txt; } > utf16le.txt
{ printf '\xfe\xff'; iconv -f UTF-8 -t UTF-16BE utf8.txt; } > utf16be.txt
iconv -f UTF-8 -t GBK utf8.txt > gbk.txt
printf '𠀀生僻字：䶮，欧元€\n' | iconv -f UTF-8 -t GB18030 > gb18030.txt
head -c 4096 /dev/urandom > "$tmp/noise" && { printf '\x00\x01\x02'; cat "$tmp/noise"; } > binary.txt
: > empty.txt
printf 'this is not a zip' > broken.docx
# A page whose content stream ends inside a hex string: ledongthuc/pdf's lexer loops forever on
# it, so the reader must refuse it. qpdf rebuilds the cross-reference table (exit 3: warnings).
printf '%%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R/Resources<<>>>> endobj\n4 0 obj <</Length 8>> stream\nBT <0041\nendstream endobj\ntrailer <</Size 5/Root 1 0 R>>\n%%%%EOF\n' > "$tmp/open-hex.pdf"
qpdf "$tmp/open-hex.pdf" open-hex.pdf || [ $? -eq 3 ]
head -c 2000 full-ttf.pdf > truncated.pdf

# A long Chinese PDF for the reading benchmark: the seed document, repeated to pass 150 pages.
seed="$root/../shared/seed/disclosure-plan-2016.txt"
{
  sed -n '1,/<office:body>/p' src/draft.fodt.in | sed 's/@FONT@/Noto Sans SC/; s/@TITLE@/长文档/'
  echo '<office:text>'
  for i in $(seq 1 60); do
    sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g; s/^ *//; s/^\(.*\)$/<text:p>\1<\/text:p>/' "$seed"
  done
  echo '</office:text></office:body></office:document>'
} | sed 's/@HEADER@/页眉/; s/@FOOTER@/页脚/' > "$tmp/long.fodt"
convert_to pdf writer_pdf_Export long
cp "$tmp/out/long.pdf" long.pdf
pdfinfo long.pdf | grep Pages

go run ./mkofd
echo "fixtures written to $here"
