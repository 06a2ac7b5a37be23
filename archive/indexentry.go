package archive

import (
	"encoding/binary"
	"strings"
	"time"
)

// entry is an item's summary as the index holds it: one string, so an item costs one
// allocation of about 220 bytes rather than a summary's nine string headers beside its text
// (with the search haystack and a map of pointers, 555 bytes an item, 55 MB for 100,000). A
// field is read in constant time, without allocating:
//
//	year (4 bytes) | created, UnixNano (8) | where each field ends (4 each) | the fields
//
// The fields a text search looks in come first, separated by searchSep, so a search is one
// strings.Contains over them.
type entry string

// The fields of an entry, in the order they are laid out.
const (
	eTitle = iota
	eDocNumber
	eCode
	eIndexNo // the last field a text search looks in
	eID
	eCategory
	eDivision
	eState
	eRetention
	eFields
)

// searchSep separates the searchable fields: a text without it matches within one field.
const searchSep = "\x00"

const entryHeader = 4 + 8 + 4*eFields

// newEntry lays s out as an entry.
func newEntry(s summary) entry {
	fields := [eFields]string{s.Title, s.DocNumber, s.Code, s.IndexNo, s.ID, s.Category, s.Division, string(s.State), string(s.Retention)}
	size := entryHeader + eIndexNo
	for _, f := range fields {
		size += len(f)
	}
	b := make([]byte, entryHeader, size)
	binary.LittleEndian.PutUint32(b, uint32(int32(s.Year)))
	binary.LittleEndian.PutUint64(b[4:], uint64(s.Created.UnixNano()))
	for i, f := range fields {
		b = append(b, f...)
		binary.LittleEndian.PutUint32(b[12+4*i:], uint32(len(b)))
		if i < eIndexNo {
			b = append(b, searchSep...)
		}
	}
	return entry(b)
}

func (e entry) end(i int) int {
	return int(binary.LittleEndian.Uint32([]byte(e[12+4*i : 16+4*i])))
}

// field returns field i, one of the e… constants.
func (e entry) field(i int) string {
	start := entryHeader
	if i > 0 {
		start = e.end(i - 1)
		if i <= eIndexNo {
			start += len(searchSep)
		}
	}
	return string(e[start:e.end(i)])
}

func (e entry) id() string   { return e.field(eID) }
func (e entry) code() string { return e.field(eCode) }
func (e entry) year() int    { return int(int32(binary.LittleEndian.Uint32([]byte(e[:4])))) }

func (e entry) created() time.Time {
	return time.Unix(0, int64(binary.LittleEndian.Uint64([]byte(e[4:12])))).UTC()
}

// searchable returns the fields a text search looks in, separated by searchSep.
func (e entry) searchable() string { return string(e[entryHeader:e.end(eIndexNo)]) }

// summary returns the summary e was laid out from; its fields share e's memory.
func (e entry) summary() summary {
	return summary{ID: e.id(), Title: e.field(eTitle), DocNumber: e.field(eDocNumber), IndexNo: e.field(eIndexNo),
		Category: e.field(eCategory), Division: e.field(eDivision), State: State(e.field(eState)), Created: e.created(),
		Code: e.code(), Year: e.year(), Retention: Retention(e.field(eRetention))}
}

// matchEntry reports whether f selects the item e summarises.
func (f Filter) matchEntry(e entry) bool {
	switch {
	case f.State != "" && State(e.field(eState)) != f.State,
		f.Division != "" && e.field(eDivision) != f.Division,
		f.Category != "" && e.field(eCategory) != f.Category,
		f.Year != 0 && e.year() != f.Year,
		f.Retention != "" && Retention(e.field(eRetention)) != f.Retention,
		f.Unfiled && e.code() != "",
		f.Uncategorised && e.field(eCategory) != "":
		return false
	case f.Text == "":
		return true
	case !strings.Contains(f.Text, searchSep):
		return strings.Contains(e.searchable(), f.Text)
	}
	for i := range eIndexNo + 1 {
		if strings.Contains(e.field(i), f.Text) {
			return true
		}
	}
	return false
}
