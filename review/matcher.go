package review

import (
	"slices"
	"unicode/utf8"
)

// Matcher finds many terms at once in time linear in the text and independent of the number of
// terms: an Aho-Corasick automaton over runes. Most of a text never leaves the root state, so
// the root's transitions are a dense table; a deeper state's few transitions are a sorted list.
type Matcher struct {
	root    []int32          // rune (< rootSize) → state from the root; 0 = none
	next    map[uint64]int32 // state<<21 | rune → state: every transition while building, then the root's beyond rootSize
	edges   [][]matchEdge    // each state's transitions, sorted by rune, once built
	fail    []int32          // failure link per state
	out     []int32          // pattern ending exactly at the state, or -1
	outLink []int32          // nearest state on the failure chain with an output, or 0
	lens    []int            // byte length of each pattern
	runes   []int32          // length of each pattern in runes
	longest int              // the most runes of any pattern
}

// Match is one occurrence of pattern number Pattern at bytes [Start, End) of the text.
type Match struct{ Pattern, Start, End int }

const rootSize = 0x10000

// NewMatcher builds a matcher for patterns; an empty pattern never matches. A pattern given
// twice matches as its first occurrence.
func NewMatcher(patterns []string) *Matcher {
	m := &Matcher{root: make([]int32, rootSize), next: map[uint64]int32{}, fail: []int32{0}, out: []int32{-1}, outLink: []int32{0},
		lens: make([]int, len(patterns)), runes: make([]int32, len(patterns))}
	children := [][]int32{nil}
	for p, pat := range patterns {
		children = m.insert(p, pat, children)
	}
	m.link(children)
	m.freeze()
	return m
}

// insert adds pattern p to the trie; children lists each state's children, in the order made.
func (m *Matcher) insert(p int, pat string, children [][]int32) [][]int32 {
	m.lens[p] = len(pat)
	m.runes[p] = int32(utf8.RuneCountInString(pat))
	m.longest = max(m.longest, int(m.runes[p]))
	if pat == "" {
		return children
	}
	s := int32(0)
	for _, r := range pat {
		t := m.step(s, r)
		if t == 0 {
			t = int32(len(m.fail))
			m.fail, m.out, m.outLink = append(m.fail, 0), append(m.out, -1), append(m.outLink, 0)
			children = append(children, nil)
			m.set(s, r, t)
			children[s] = append(children[s], t)
		}
		s = t
	}
	if m.out[s] < 0 {
		m.out[s] = int32(p)
	}
	return children
}

// link sets each state's failure link, breadth first: the longest proper suffix of the state
// that is a state. Its output link is then the nearest state on that chain with an output.
func (m *Matcher) link(children [][]int32) {
	edge := make(map[int32]rune, len(m.fail)) // the rune each state is reached by
	for key, t := range m.next {
		edge[t] = rune(key & (1<<21 - 1))
	}
	for r, t := range m.root {
		if t != 0 {
			edge[t] = rune(r)
		}
	}
	queue := append([]int32(nil), children[0]...)
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, t := range children[s] {
			m.linkChild(s, t, edge[t])
			queue = append(queue, t)
		}
	}
}

// linkChild sets the links of state t, reached from s by r, once s's are set.
func (m *Matcher) linkChild(s, t int32, r rune) {
	f := m.fail[s]
	for f != 0 && m.step(f, r) == 0 {
		f = m.fail[f]
	}
	if s != 0 {
		m.fail[t] = m.step(f, r)
	}
	if m.out[m.fail[t]] >= 0 {
		m.outLink[t] = m.fail[t]
	} else {
		m.outLink[t] = m.outLink[m.fail[t]]
	}
}

// freeze moves the transitions of every state but the root from the map into its sorted list
// of edges, where matching looks for them.
func (m *Matcher) freeze() {
	m.edges = make([][]matchEdge, len(m.fail))
	for key, t := range m.next {
		if s := int32(key >> 21); s != 0 {
			m.edges[s] = append(m.edges[s], matchEdge{rune(key & (1<<21 - 1)), t})
			delete(m.next, key)
		}
	}
	for _, es := range m.edges {
		slices.SortFunc(es, func(a, b matchEdge) int { return int(a.r - b.r) })
	}
}

// matchEdge is a transition on rune r to state to.
type matchEdge struct {
	r  rune
	to int32
}

func (m *Matcher) step(s int32, r rune) int32 {
	switch {
	case s == 0 && r < rootSize:
		return m.root[r]
	case s == 0 || m.edges == nil:
		return m.next[uint64(s)<<21|uint64(r)]
	}
	es := m.edges[s]
	if len(es) > 8 {
		i, found := slices.BinarySearchFunc(es, r, func(e matchEdge, r rune) int { return int(e.r - r) })
		if found {
			return es[i].to
		}
		return 0
	}
	for _, e := range es {
		if e.r == r {
			return e.to
		}
	}
	return 0
}

func (m *Matcher) set(s int32, r rune, t int32) {
	if s == 0 && r < rootSize {
		m.root[r] = t
		return
	}
	m.next[uint64(s)<<21|uint64(r)] = t
}

// FindAll returns the leftmost-longest non-overlapping matches in text, in order: where
// matches overlap, the one starting first wins, and of those the longest. Patterns and text
// are UTF-8 (Normalize always yields valid UTF-8); an invalid byte reads as U+FFFD.
func (m *Matcher) FindAll(text string) []Match {
	return leftmostLongest(m.findRaw(text, nil))
}

// findRaw appends to all every occurrence of every pattern in text, overlapping or not, in
// order of their ends.
func (m *Matcher) findRaw(text string, all []Match) []Match {
	s := int32(0)
	for i := 0; i < len(text); {
		r, size := decodeRune(text, i)
		i += size
		if s = m.advance(s, r); s == 0 {
			continue
		}
		for o := s; o != 0; o = m.outLink[o] {
			if p := m.out[o]; p >= 0 {
				all = append(all, Match{Pattern: int(p), Start: i - m.lens[p], End: i})
			}
		}
	}
	return all
}

// advance returns the state after reading r in state s, following failure links.
func (m *Matcher) advance(s int32, r rune) int32 {
	if s == 0 { // most of a text: one table lookup
		return m.step(0, r)
	}
	for s != 0 && m.step(s, r) == 0 {
		s = m.fail[s]
	}
	return m.step(s, r)
}

// decodeRune decodes the rune at text[i:] as utf8.DecodeRuneInString does, quickly for ASCII
// and for the three-byte characters of Chinese text.
func decodeRune(text string, i int) (rune, int) {
	c := text[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c&0xF0 == 0xE0 && i+2 < len(text) && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80 {
		if r := rune(c&0x0F)<<12 | rune(text[i+1]&0x3F)<<6 | rune(text[i+2]&0x3F); r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
			return r, 3
		}
	}
	return utf8.DecodeRuneInString(text[i:])
}

// leftmostLongest keeps, of overlapping matches, the one starting first and of those the
// longest, and returns the kept ones in order. It reorders all.
func leftmostLongest(all []Match) []Match {
	if len(all) < 2 {
		return all
	}
	slices.SortFunc(all, func(a, b Match) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	kept := all[:0]
	last := -1
	for _, mt := range all {
		if mt.Start >= last {
			kept = append(kept, mt)
			last = mt.End
		}
	}
	return kept
}
