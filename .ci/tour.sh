#!/usr/bin/env bash
# tour.sh BIN DATA OUT: runs the program's --tour in the real window on a new data folder DATA
# (run it under Xvfb), captures every screen and dialog it announces into OUT/<name>.png, and
# fails when the program dies, exits with an error, or a screen is not captured.
set -uo pipefail
# The tour photographs 审档's own file chooser, whatever the desktop offers.
export SHENDANG_FILE_DIALOG=builtin
bin=$1 data=$2 out=$3
rm -rf "$data"
mkdir -p "$out"
fifo=$(mktemp -u)
mkfifo "$fifo"
"$bin" --data "$data" --tour >"$fifo" 2>"$out/stderr.log" &
pid=$!
shots=0
while read -r name; do
  win=$(xdotool search --name '^审档$' | head -n 1)
  if [ -z "$win" ] || ! import -window "$win" "$out/$name.png"; then
    echo "could not capture $name"; kill "$pid" 2>/dev/null; exit 1
  fi
  shots=$((shots + 1))
  echo "$out/$name.png"
done <"$fifo"
wait "$pid"
status=$?
rm -f "$fifo"
if [ "$status" -ne 0 ]; then
  echo "the window exited with status $status:"; tail -n 40 "$out/stderr.log"; exit 1
fi
if grep -q 'panic:' "$out/stderr.log"; then
  echo "the window panicked:"; cat "$out/stderr.log"; exit 1
fi
echo "$shots screens and dialogs captured in $out"
[ "$shots" -ge 25 ]
