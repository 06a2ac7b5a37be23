//go:build race

package archive

// raceEnabled: the race detector multiplies time and memory (and sync.Pool drops what it is
// given), so allocation bounds are not held.
const raceEnabled = true
