//go:build race

package review

// raceEnabled: the race detector multiplies time and memory, so bounds are not held.
const raceEnabled = true
