//go:build race

package main

// glyphStep is how many glyphs TestOutlinesTraceTheTrueTypeOnes moves on after each one: under
// the race detector, which makes the whole font take minutes, every sixteenth.
const glyphStep = 16
