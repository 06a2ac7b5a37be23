#!/usr/bin/env bash
# tour.sh BIN DATA OUT: runs the program's --tour in the real window on a new data folder DATA
# (run it under Xvfb), captures every screen and dialog it announces into OUT/<name>.png, and
# fails when the program dies, exits with an error, or a screen is not captured.
set -uo pipefail
# The tour photographs 审档's own file chooser, whatever the desktop offers.
export SHENDANG_FILE_DIALOG=builtin
bin=$1 data=$(realpath -m "$2") out=$3
rm -rf "$data" "$data-home"
mkdir -p "$out"
# A clerk's own home: a 文档 folder with a few drafts for the file dialogs to show, and Fyne's
# preferences (the folders each dialog remembers) kept apart from whoever runs the tour.
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$data-home/文档"
cp "$root"/review/testdata/{marks.docx,full.docx,marks.pdf,sample.ofd,notice.txt} "$data-home/文档/"
export HOME="$data-home" XDG_CONFIG_HOME="$data-home/.config"
# The tour waits for a line on its stdin after naming each screen: the capture is done.
coproc TOUR { "$bin" --data "$data" --tour 2>"$out/stderr.log"; }
pid=$TOUR_PID
exec {from}<&"${TOUR[0]}" {to}>&"${TOUR[1]}"
shots=0
while read -r name <&"$from"; do
  win=$(xdotool search --name '^审档$' | head -n 1)
  if [ -z "$win" ] || ! import -window "$win" "$out/$name.png"; then
    echo "could not capture $name"; kill "$pid" 2>/dev/null; exit 1
  fi
  shots=$((shots + 1))
  echo "$out/$name.png"
  echo captured >&"$to" 2>/dev/null || true
done
exec {to}>&-
wait "$pid"
status=$?
if [ "$status" -ne 0 ]; then
  echo "the window exited with status $status:"; tail -n 40 "$out/stderr.log"; exit 1
fi
if grep -q 'panic:' "$out/stderr.log"; then
  echo "the window panicked:"; cat "$out/stderr.log"; exit 1
fi
echo "$shots screens and dialogs captured in $out"
[ "$shots" -ge 25 ]
