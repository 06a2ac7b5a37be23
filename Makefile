# 审档 (shendang). The README names the targets; `make run` and `make test` are all a new machine
# needs: each installs the operating-system packages it lacks first.

MODULE   := shendang.gov.cn/shendang
BIN      := build/shendang
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1.0-dev)
LDFLAGS  := -X main.version=$(VERSION)
# no_emoji leaves out Fyne's bundled colour-emoji font (4 MB), which every window parsed once per
# text style as a fallback face: a draft's emoji are drawn with the system's emoji font instead.
TAGS     := no_emoji
DATA     ?=

FYNE_TOOL   := fyne.io/tools/cmd/fyne@v1.7.4
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

# Debian packages per purpose, and what is checked instead on other systems.
BUILD_PKGS   := gcc pkg-config libgl1-mesa-dev xorg-dev libwayland-dev libxkbcommon-dev
BUILD_CHECK  := command -v gcc >/dev/null && pkg-config --exists gl x11 xrandr xcursor xinerama xi xxf86vm wayland-client xkbcommon
# Scans and image files are read by Tesseract OCR with its simplified Chinese data, a scanned PDF
# page rendered by poppler's pdftoppm first: the window and the tests both need them. The
# publishable copy of a PDF (脱敏, review/redactpdf.go) is made with poppler and qpdf.
OCR_PKGS     := tesseract-ocr tesseract-ocr-chi-sim poppler-utils qpdf
OCR_CHECK    := command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx chi_sim && command -v pdftoppm >/dev/null && command -v qpdf >/dev/null
# The tests also read .doc/.wps and .xls/.et/.ods through LibreOffice (Writer and Calc), check
# PDF text against poppler's pdftotext, and run the archive on a throwaway PostgreSQL server
# (internal/pgtest), whose initdb and postgres Debian keeps in /usr/lib/postgresql/<version>/bin,
# off PATH.
TEST_PKGS    := $(BUILD_PKGS) $(OCR_PKGS) libreoffice-writer-nogui libreoffice-calc-nogui postgresql
PG_CHECK     := { command -v initdb || ls /usr/lib/postgresql/*/bin/initdb || ls /usr/pgsql-*/bin/initdb; } >/dev/null 2>&1
TEST_CHECK   := $(BUILD_CHECK) && $(OCR_CHECK) && command -v soffice >/dev/null && command -v pdftotext >/dev/null && $(PG_CHECK)
WIN_PKGS     := gcc-mingw-w64-x86-64
WIN_CHECK    := command -v x86_64-w64-mingw32-gcc >/dev/null
SHOT_PKGS    := xvfb xauth imagemagick xdotool libxss1
SHOT_CHECK   := command -v xvfb-run >/dev/null && command -v import >/dev/null && command -v xdotool >/dev/null
# The Windows build under Wine: 64-bit Wine 8 and what it loads at run time but only recommends
# (Mesa's software OpenGL for Fyne, the X extensions), mingw-w64 for the two helpers it builds,
# and Xvfb with the tools that find and photograph the window.
WINE_PKGS    := wine wine64 libgl1-mesa-dri libxrandr2 libxcursor1 libxi6 libxinerama1 libxxf86vm1 \
  libxrender1 libxcomposite1 $(WIN_PKGS) $(SHOT_PKGS)
WINE_CHECK   := command -v wine >/dev/null && command -v wineconsole >/dev/null && $(WIN_CHECK) && $(SHOT_CHECK)
PKG_PKGS     := tar xz-utils
PKG_CHECK    := command -v tar >/dev/null && command -v xz >/dev/null
# The subset fonts are made with HarfBuzz's hb-subset from the upstream fonts on npm (npm itself
# comes with Node.js; the script says so when it is missing).
FONT_PKGS    := libharfbuzz-bin
FONT_CHECK   := command -v hb-subset >/dev/null

# apt-get waits up to ten minutes for a dpkg lock held by another installer (an unattended
# upgrade on a fresh machine, say) instead of failing at once.
APT_WAIT := -o DPkg::Lock::Timeout=600

# ensure_packages(debian-packages, check-on-other-systems): on Debian or Ubuntu, installs the
# packages that dpkg does not list as installed (through sudo when not root); elsewhere, runs
# the check and, when it fails, prints the packages and stops.
define ensure_packages
	@if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then \
	  missing=""; \
	  for p in $(1); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	  done; \
	  if [ -n "$$missing" ]; then \
	    sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	    echo "==> 安装系统软件包 / installing:$$missing"; \
	    $$sudo apt-get $(APT_WAIT) update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$sudo apt-get $(APT_WAIT) install -y -qq --no-install-recommends $$missing; \
	  fi; \
	elif ! ( $(2) ); then \
	  echo "这不是 Debian/Ubuntu 系统，请先安装以下软件包（或本系统的同等软件包）后再运行 make："; \
	  echo "Not a Debian/Ubuntu system: install these packages (or your system's equivalents), then run make again:"; \
	  echo "  $(1)"; \
	  exit 1; \
	fi
endef

.PHONY: run run-deps build test test-deps lint test-domain test-all fuzz windows wine-check package screenshots window-check form-previews deps clean
.PHONY: fonts memory

## run: install what is missing, build, and open the window on the per-user store (DATA=dir to choose another)
run: build run-deps
	./$(BIN) $(if $(DATA),--data "$(DATA)")

run-deps:
	$(call ensure_packages,$(OCR_PKGS),$(OCR_CHECK))

## build: build/shendang for this machine
build: deps
	go build -tags "$(TAGS)" -ldflags "$(LDFLAGS)" -o $(BIN) ./app

deps:
	$(call ensure_packages,$(BUILD_PKGS),$(BUILD_CHECK))

## test: go vet, gofmt, staticcheck, the dependency rule, the whole suite, and each fuzz target briefly
test: test-deps lint test-domain test-all fuzz

test-deps:
	$(call ensure_packages,$(TEST_PKGS),$(TEST_CHECK))
	$(PG_SKIP_WARN)

# go test hides a passing package's output, so the skip of the PostgreSQL tests is said here too.
PG_SKIP_WARN := @if [ "$$SHENDANG_NO_POSTGRES" = 1 ]; then \
  echo "!!! SHENDANG_NO_POSTGRES=1: the PostgreSQL tests are SKIPPED; the office-server engine is NOT tested."; fi

# The packages held to a cyclomatic complexity of 15 (test files apart), and those held to
# staticcheck's comment checks: a package comment (ST1000) and a comment on every exported
# function, type and variable that starts with its name (ST1020-ST1022).
GOCYCLO    := github.com/fzipp/gocyclo/cmd/gocyclo@v0.6.0
CYCLO_PKGS := app archive review assets internal
DOC_PKGS   := app archive review assets internal

lint:
	@unformatted=$$(gofmt -l app review archive assets internal); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	go vet ./...
	go run $(STATICCHECK) ./...
	go run $(STATICCHECK) -checks inherit,ST1000,ST1020,ST1021,ST1022 $(DOC_PKGS:%=./%/...)
	go run $(GOCYCLO) -over 15 -ignore '_test.go' $(CYCLO_PKGS)
	@# The dependency rule: the domain never imports the GUI toolkit, review never imports
	@# archive, assets imports embed alone.
	@for p in review archive assets; do \
	  if go list -deps ./$$p/... | grep -q '^fyne.io/'; then \
	    echo "dependency rule: $$p/ imports fyne.io/... (domain packages must not)"; exit 1; fi; \
	done
	@if go list -deps ./review/... | grep -qx '$(MODULE)/archive'; then \
	  echo "dependency rule: review/ imports archive/ (the dependency runs the other way)"; exit 1; fi
	@imports=$$(go list -f '{{join .Imports " "}}' ./assets); \
	  if [ "$$imports" != "embed" ]; then echo "dependency rule: assets/ imports $$imports (embed only)"; exit 1; fi
	@echo "dependency rule: ok"

# The domain builds and tests without cgo.
# The procedure's tests run twice: on Badger and, as the engines' conformance suite, on a
# throwaway PostgreSQL server the tests start themselves.
test-domain:
	CGO_ENABLED=0 go test ./review/... ./archive/... ./assets/... ./internal/...
	SHENDANG_TEST_ENGINE=postgres CGO_ENABLED=0 go test ./archive/

# The race detector slows the window's tests about tenfold; on a busy two-core machine the app
# package alone has taken more than go test's default ten minutes.
test-all:
	go test -race -timeout 30m ./...
	$(PG_SKIP_WARN)

# Every parser's fuzz target, a few seconds each (FUZZTIME=1m for a longer run).
FUZZTIME ?= 5s
FUZZ_TARGETS := review:FuzzReadTXT review:FuzzCheckUTF8 review:FuzzReadDOCX review:FuzzReadPDF review:FuzzReadOFD \
  review:FuzzReadXLSX review:FuzzReadPDFAnnotations review:FuzzParseOle10Native review:FuzzReadOLE \
  review:FuzzMatcher review:FuzzMatchMark review:FuzzScanFolded review:FuzzRecogniseAll review:FuzzIdentifiers review:FuzzDeclared review:FuzzParseList review:FuzzNormalize review:FuzzCheck archive:FuzzWrapText \
  archive:FuzzCheckTable archive:FuzzParseChecked archive:FuzzKeyRegistryFrame archive:FuzzReadKVStream archive:FuzzParseCalendar archive:FuzzDecodeFacts \
  app:FuzzStyledSegments app:FuzzSettingsText app:FuzzBreakLines app:FuzzToolAnswer app:FuzzStoreChoice app:FuzzServerAddress assets/fonts/ttf2cff:FuzzConvert
# Go 1.26's fuzz coordinator can fail a target with a bare "context deadline exceeded" when
# -fuzztime ends while a worker is busy (go.dev/issue/75804, fixed in Go 1.27): no input failed,
# none was written. Such a run is tried once more; a run that wrote a failing input fails at once.
fuzz:
	@for t in $(FUZZ_TARGETS); do \
	  pkg=$${t%%:*}; name=$${t#*:}; \
	  for try in 1 2; do \
	    echo "go test ./$$pkg -run '^$$' -fuzz '^$$name\$$' -fuzztime $(FUZZTIME)"; \
	    out=$$(go test ./$$pkg -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 2s 2>&1); rc=$$?; \
	    echo "$$out" | tail -n 20; \
	    [ $$rc -eq 0 ] && break; \
	    if [ $$try -eq 2 ] || echo "$$out" | grep -q 'Failing input written' || \
	       ! echo "$$out" | grep -q 'context deadline exceeded'; then exit 1; fi; \
	    echo "==> $$name: Go's fuzzing deadline race (go.dev/issue/75804), no failing input; once more"; \
	  done; \
	done
# The OCR readers' parsers: Tesseract's TSV and the image files' headers.
FUZZ_TARGETS += review:FuzzParseTSV review:FuzzImageHeader
# The publishable copy: the planner (overlapping selections over runs and cells) and the writers.
FUZZ_TARGETS += review:FuzzPlanRedaction review:FuzzRedactDOCX review:FuzzRedactXLSX review:FuzzRedactOFD review:FuzzOFDScanImages
# The PDF redaction's parsers: pdftotext -bbox's word boxes and Tesseract's word boxes.
FUZZ_TARGETS += review:FuzzParseBBox review:FuzzParseTSVWords
# ToUnicode maps the PDF library reads wrongly (one range over every code), read by us.
FUZZ_TARGETS += review:FuzzToUnicode
# PowerPoint presentations: slides, notes, comments, and what is embedded in them.
FUZZ_TARGETS += review:FuzzReadPPTX
# A plain text read as a stream (shendang scan) against the same text read whole.
FUZZ_TARGETS += review:FuzzScanFileAsCheckFile
# The forms' PDFs, compressed after gofpdf wrote them.
FUZZ_TARGETS += internal/pdfdeflate:FuzzDeflate

## windows: build/shendang.exe, a Windows GUI executable, cross-compiled with mingw-w64
windows:
	$(call ensure_packages,$(WIN_PKGS),$(WIN_CHECK))
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
	  go build -tags "$(TAGS)" -ldflags "-H=windowsgui $(LDFLAGS)" -o $(BIN).exe ./app
	@file $(BIN).exe | grep -q 'PE32+ executable (GUI)' || { file $(BIN).exe; echo "not a PE32+ GUI executable"; exit 1; }
	@file $(BIN).exe

## wine-check: build/shendang.exe under Wine (CI): scan --json as on Linux, redirected stdout, verify, a window screenshot in build/ci-shots/
wine-check: build windows
	$(call ensure_packages,$(WINE_PKGS),$(WINE_CHECK))
	.ci/wine-check

## package: build/shendang-linux-amd64.tar.xz with the .desktop file and icon from FyneApp.toml
# The fyne tool reads FyneApp.toml next to the main package and resolves the icon relative to
# it, so the root file is copied into app/ with the icon path rewritten, then removed again.
package: build
	$(call ensure_packages,$(PKG_PKGS),$(PKG_CHECK))
	sed 's|^Icon = "|Icon = "../|' FyneApp.toml > app/FyneApp.toml
	cd app && go run $(FYNE_TOOL) package --target linux --release \
	  --executable ../$(BIN) --app-version $$(sed -n 's/^Version = "\(.*\)"/\1/p' ../FyneApp.toml) ; \
	  status=$$?; rm -f FyneApp.toml; exit $$status
	mv "app/审档.tar.xz" build/shendang-linux-amd64.tar.xz
	@tar -tJf build/shendang-linux-amd64.tar.xz
	@echo "==> build/shendang-linux-amd64.tar.xz"

## screenshots: open the window under Xvfb, capture every screen and dialog, and keep the ones the
# README shows in docs/screenshots/, replacing those files only (two-desks-server.png is taken by
# hand with two windows, and stays). The app's --tour shows each screen and dialog in turn and
# prints its name once painted; each name triggers a capture of the real X window with
# ImageMagick's import (.ci/tour.sh).
README_SHOTS := setup queue-office review-item gate-refused dialog-redact review-find dialog-import dialog-propose \
  queue-returned queue-archivist dialog-file archive settings settings-users settings-rules settings-data lock \
  stats-quarter stats-items stats-open-archive stats-late stats-head-year stats-annual stats-annual-check
screenshots: build
	$(call ensure_packages,$(SHOT_PKGS),$(SHOT_CHECK))
	rm -rf build/tour-shots
	xvfb-run -a -s "-screen 0 1366x768x24" .ci/tour.sh ./$(BIN) build/screenshot-data build/tour-shots
	for n in $(README_SHOTS); do cp build/tour-shots/$$n.png docs/screenshots/ || exit 1; done
	@ls docs/screenshots

## window-check: the real window under Xvfb on a new data folder, every screen and dialog opened
# once by the tour and captured into build/ci-shots/ (CI output); fails if the program dies.
window-check: build
	$(call ensure_packages,$(SHOT_PKGS),$(SHOT_CHECK))
	xvfb-run -a -s "-screen 0 1366x768x24" .ci/tour.sh ./$(BIN) build/ci-data build/ci-shots

## fonts: remake the subset fonts in assets/fonts/ from their upstream npm packages (assets/fonts/README.md)
fonts:
	$(call ensure_packages,$(FONT_PKGS),$(FONT_CHECK))
	assets/fonts/mksubset.sh

## memory: the window's resident memory at first start, at sign-in, and with 100,000 filed items and 归档 open
# Each scene is a real window under Xvfb; scripts/memory.sh prints VmRSS and where it lies, and
# keeps a screenshot, heap profile and log of each scene in build/memory/.
memory: build
	$(call ensure_packages,$(SHOT_PKGS),$(SHOT_CHECK))
	scripts/memory.sh $(BIN)

## form-previews: render the first page of each golden form PDF into docs/forms/ for the README
form-previews: test-deps
	mkdir -p docs/forms
	for f in archive/testdata/forms/*.pdf; do [ "$$f" = archive/testdata/forms/volume.pdf ] && continue; \
	  n=$$(basename $$f .pdf); pdftoppm -r 60 -f 1 -l 1 -singlefile -png $$f docs/forms/$$n; \
	done
	@ls docs/forms

clean:
	rm -rf build app/FyneApp.toml
