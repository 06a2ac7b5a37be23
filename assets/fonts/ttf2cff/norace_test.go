//go:build !race

package main

// glyphStep is how many glyphs TestOutlinesTraceTheTrueTypeOnes moves on after each one: all of
// them, without the race detector.
const glyphStep = 1
