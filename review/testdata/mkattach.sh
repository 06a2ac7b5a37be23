#!/usr/bin/env bash
# Regenerates attached.pdf (pdfattach_test.go): full-lo.pdf with book.xlsx attached to the
# document by qpdf (the /EmbeddedFiles name tree, a PDF viewer's attachments pane) under the
# name 补贴名单.xlsx. Needs (Debian): qpdf. Run from anywhere; writes into the directory this
# script is in.
set -euo pipefail
cd "$(dirname "$0")"
qpdf --deterministic-id full-lo.pdf --add-attachment book.xlsx --key=补贴名单.xlsx --filename=补贴名单.xlsx \
  --creationdate=D:20160630090000Z --moddate=D:20160630090000Z \
  --mimetype=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet -- -- attached.pdf
