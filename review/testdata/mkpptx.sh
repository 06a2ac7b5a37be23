#!/usr/bin/env bash
# Regenerates slides.pptx (pptx_test.go) with LibreOffice Impress from flat ODP written here:
# slide 1 harmless, with a speaker's note holding an ID and the screenshot of mkscans -media
# (秘密★1年, an ID) on it; slide 2 hidden, with a mobile number. Needs (Debian):
# libreoffice-impress-nogui. Run from anywhere; writes into the directory this script is in.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go run ./mkscans -media "$tmp"

cat > "$tmp/slides.fodp" <<ODP
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation">
 <office:automatic-styles>
  <style:page-layout style:name="PM1"><style:page-layout-properties fo:page-width="28cm" fo:page-height="15.75cm"/></style:page-layout>
  <style:style style:name="dp1" style:family="drawing-page"><style:drawing-page-properties presentation:visibility="visible"/></style:style>
  <style:style style:name="dp2" style:family="drawing-page"><style:drawing-page-properties presentation:visibility="hidden"/></style:style>
 </office:automatic-styles>
 <office:master-styles><style:master-page style:name="Default" style:page-layout-name="PM1"/></office:master-styles>
 <office:body><office:presentation>
  <draw:page draw:name="page1" draw:style-name="dp1" draw:master-page-name="Default">
   <draw:frame svg:x="2cm" svg:y="1cm" svg:width="24cm" svg:height="2cm"><draw:text-box><text:p>政务公开工作汇报</text:p></draw:text-box></draw:frame>
   <draw:frame svg:x="2cm" svg:y="4cm" svg:width="9.6cm" svg:height="2cm"><draw:image><office:binary-data>$(base64 -w0 "$tmp/media-id.png")</office:binary-data></draw:image></draw:frame>
   <presentation:notes><draw:frame svg:x="2cm" svg:y="14cm" svg:width="17cm" svg:height="5cm"><draw:text-box><text:p>讲解时说明：联系人身份证号 350203198506150011</text:p></draw:text-box></draw:frame></presentation:notes>
  </draw:page>
  <draw:page draw:name="page2" draw:style-name="dp2" draw:master-page-name="Default">
   <draw:frame svg:x="2cm" svg:y="1cm" svg:width="24cm" svg:height="2cm"><draw:text-box><text:p>内部讨论稿</text:p><text:p>联系人手机 13905921234</text:p></draw:text-box></draw:frame>
  </draw:page>
 </office:presentation></office:body>
</office:document>
ODP
HOME="$tmp" soffice --headless --norestore -env:UserInstallation=file://$tmp/profile \
  --convert-to "pptx:Impress MS PowerPoint 2007 XML" --outdir . "$tmp/slides.fodp" >/dev/null
