package review

import (
	"slices"
	"unicode/utf8"
)

// Matcher finds many terms at once in time linear in the text and independent of the number of
// terms: an Aho-Corasick automaton over runes. Most of a text never leaves the root state, so
// the root's transitions are a dense table; a deeper state's few transitions are a sorted run
// of one array, edge[first[s]:first[s+1]].
type Matcher struct {
	root    []int32     // rune (< rootSize) → state from the root; 0 = none
	first   []int32     // where each state's transitions start in edge; one more for the end
	edge    []matchEdge // every state's transitions but the root's below rootSize, by state, then rune
	fail    []int32     // failure link per state
	out     []int32     // pattern ending exactly at the state, or -1
	outLink []int32     // nearest state on the failure chain with an output, or 0
	lens    []int       // byte length of each pattern
	runes   []int32     // length of each pattern in runes
	longest int         // the most runes of any pattern
}

// Match is one occurrence of pattern number Pattern at bytes [Start, End) of the text.
type Match struct{ Pattern, Start, End int }

const rootSize = 0x10000

// NewMatcher builds a matcher for patterns; an empty pattern never matches. A pattern given
// twice matches as its first occurrence.
func NewMatcher(patterns []string) *Matcher {
	states := 1 // at most: the root and one a character of the patterns
	for _, pat := range patterns {
		states += utf8.RuneCountInString(pat)
	}
	m := &Matcher{root: make([]int32, rootSize), fail: make([]int32, 1, states), out: make([]int32, 1, states),
		outLink: make([]int32, 1, states), lens: make([]int, len(patterns)), runes: make([]int32, len(patterns))}
	m.out[0] = -1
	trie := make([][]matchEdge, 1, states) // each state's transitions while building, sorted by rune
	for p, pat := range patterns {
		trie = m.insert(p, pat, trie)
	}
	m.freeze(trie)
	m.link()
	return m
}

// insert adds pattern p to the trie.
func (m *Matcher) insert(p int, pat string, trie [][]matchEdge) [][]matchEdge {
	m.lens[p] = len(pat)
	m.runes[p] = int32(utf8.RuneCountInString(pat))
	m.longest = max(m.longest, int(m.runes[p]))
	s := int32(0)
	for _, r := range pat {
		if s == 0 && r < rootSize {
			if m.root[r] == 0 {
				m.root[r] = m.newState()
				trie = append(trie, nil)
			}
			s = m.root[r]
			continue
		}
		i, found := slices.BinarySearchFunc(trie[s], r, edgeCmp)
		if !found {
			trie[s] = slices.Insert(trie[s], i, matchEdge{r, m.newState()})
			trie = append(trie, nil)
		}
		s = trie[s][i].to
	}
	if pat != "" && m.out[s] < 0 {
		m.out[s] = int32(p)
	}
	return trie
}

func (m *Matcher) newState() int32 {
	m.fail, m.out, m.outLink = append(m.fail, 0), append(m.out, -1), append(m.outLink, 0)
	return int32(len(m.fail) - 1)
}

func edgeCmp(e matchEdge, r rune) int { return int(e.r - r) }

// freeze moves each state's transitions into one array, where matching looks for them.
func (m *Matcher) freeze(trie [][]matchEdge) {
	m.first = make([]int32, len(trie)+1)
	n := 0
	for _, es := range trie {
		n += len(es)
	}
	m.edge = make([]matchEdge, 0, n)
	for s, es := range trie {
		m.first[s] = int32(len(m.edge))
		m.edge = append(m.edge, es...)
	}
	m.first[len(trie)] = int32(len(m.edge))
}

// link sets each state's failure link, breadth first: the longest proper suffix of the state
// that is a state. Its output link is then the nearest state on that chain with an output.
func (m *Matcher) link() {
	var queue []int32
	for _, t := range m.root {
		if t != 0 {
			queue = append(queue, t)
		}
	}
	for _, e := range m.edges(0) {
		queue = append(queue, e.to)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, e := range m.edges(s) {
			m.linkChild(s, e.to, e.r)
			queue = append(queue, e.to)
		}
	}
}

// linkChild sets the links of state t, reached from s (not the root) by r, once s's are set.
func (m *Matcher) linkChild(s, t int32, r rune) {
	f := m.fail[s]
	for f != 0 && m.step(f, r) == 0 {
		f = m.fail[f]
	}
	m.fail[t] = m.step(f, r)
	if m.out[m.fail[t]] >= 0 {
		m.outLink[t] = m.fail[t]
	} else {
		m.outLink[t] = m.outLink[m.fail[t]]
	}
}

// matchEdge is a transition on rune r to state to.
type matchEdge struct {
	r  rune
	to int32
}

// edges returns the transitions of state s, sorted by rune; the root's only beyond rootSize.
func (m *Matcher) edges(s int32) []matchEdge { return m.edge[m.first[s]:m.first[s+1]] }

func (m *Matcher) step(s int32, r rune) int32 {
	if s == 0 && r < rootSize {
		return m.root[r]
	}
	es := m.edges(s)
	if len(es) > 8 {
		if i, found := slices.BinarySearchFunc(es, r, edgeCmp); found {
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
	for ; s != 0; s = m.fail[s] {
		if t := m.step(s, r); t != 0 {
			return t
		}
	}
	return m.step(0, r)
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
