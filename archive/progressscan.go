package archive

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// scanBatch is how many item records the scan hands a decoder at a time.
const scanBatch = 512

// itemBatch is a batch of item records, copied out of the scan.
type itemBatch struct{ keys, values [][]byte }

// eachItem calls fn with the facts of every item, in one snapshot. Decoding the JSON records
// is most of a report's work (about 20 µs an item, two seconds for 100,000), so it is spread
// over the processors: the scan copies batches of records to decoders, and fn is called from
// one goroutine at a time, in no particular order. Errors: the store's, or the first record
// that does not decode (naming its key); fn has then seen some items and not others.
func (s *Office) eachItem(fn func(f *progressFacts)) error {
	todo := make(chan itemBatch, runtime.GOMAXPROCS(0))
	decoded := make(chan []progressFacts, runtime.GOMAXPROCS(0))
	var decodeErr error
	var once sync.Once
	var decoders sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		decoders.Go(func() {
			for b := range todo {
				facts, err := decodeProgressFacts(b)
				if err != nil {
					once.Do(func() { decodeErr = err })
				}
				decoded <- facts
			}
		})
	}
	called := make(chan struct{})
	go func() {
		defer close(called)
		for facts := range decoded {
			for i := range facts {
				fn(&facts[i])
			}
		}
	}()
	var cur itemBatch
	err := s.view(func(r kvReader) error {
		return r.scan(keyRange{prefix: []byte("item/")}, func(key, value []byte) (bool, error) {
			cur.keys, cur.values = append(cur.keys, bytes.Clone(key)), append(cur.values, bytes.Clone(value))
			if len(cur.values) == scanBatch {
				todo <- cur
				cur = itemBatch{}
			}
			return true, nil
		})
	})
	if len(cur.values) > 0 {
		todo <- cur
	}
	close(todo)
	decoders.Wait()
	close(decoded)
	<-called
	if err != nil {
		return err
	}
	return decodeErr
}

// decodeProgressFacts decodes a batch; on a record that does not decode, it returns those before it
// and the error.
func decodeProgressFacts(b itemBatch) ([]progressFacts, error) {
	out := make([]progressFacts, len(b.values))
	for i, v := range b.values {
		if readFacts(v, &out[i]) {
			continue
		}
		out[i] = progressFacts{}
		if err := json.Unmarshal(v, &out[i]); err != nil {
			return out[:i], fmt.Errorf("%s: %w", b.keys[i], err)
		}
	}
	return out, nil
}

// keySet is the keys an object of a Go type has as encoding/json writes it, numbered.
type keySet struct {
	index map[string]int
	names []string
}

// keysOf lists the keys of t's fields, with those of the structs it embeds; at most 64.
func keysOf(t reflect.Type) keySet {
	ks := keySet{index: map[string]int{}}
	var add func(t reflect.Type)
	add = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Anonymous {
				add(f.Type)
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" {
				name = f.Name
			}
			ks.index[name] = len(ks.names)
			ks.names = append(ks.names, name)
		}
	}
	add(t)
	if len(ks.names) > 64 {
		panic("keysOf: more than 64 keys in " + t.String())
	}
	return ks
}

// The keys of an item record and of its filing.
var (
	itemKeys   = keysOf(reflect.TypeFor[Item]())
	filingKeys = keysOf(reflect.TypeFor[Filing]())
)

// readFacts reads the facts of an item record the way encoding/json writes one, without
// decoding the rest of it (its revisions, dispositions, 责任者…): a report reads 100,000 of
// them, and decoding whole records was 80% of its time. It reports false — and the record is
// then decoded the ordinary way — for anything else: a key that is not an Item's, a key twice,
// a string with an escape, a value of the wrong kind. For a record json.Unmarshal decodes
// without error it gives what json.Unmarshal gives (FuzzItemFacts compares them); for a
// damaged one it may be more lenient, never worse than that.
func readFacts(v []byte, f *progressFacts) bool { return eachMember(v, itemKeys, f.set) }

// eachMember calls fn with each member of the JSON object v, as readFacts reads them: every
// key one of keys, once, with no escape. It reports false as soon as fn does, or v is not such
// an object.
func eachMember(v []byte, keys keySet, fn func(key string, val []byte) bool) bool {
	i := skipSpace(v, 0)
	if !at(v, i, '{') {
		return false
	}
	var seen uint64
	for i = skipSpace(v, i+1); i < len(v) && v[i] != '}'; {
		k, val, end := readMember(v, i, keys)
		if k < 0 || seen&(1<<k) != 0 || !fn(keys.names[k], val) {
			return false
		}
		seen |= 1 << k
		if i = nextMember(v, end); i < 0 {
			return false
		}
	}
	return i < len(v) && skipSpace(v, i+1) == len(v)
}

// readMember reads the member `"key": value` at v[i]: the key's number in keys, the value,
// and the end of the value. k is -1 when the key is not one of keys or has an escape, or the
// member is not well formed.
func readMember(v []byte, i int, keys keySet) (k int, val []byte, end int) {
	body, end := plainBytes(v, i)
	k, ok := keys.index[string(body)]
	if end < 0 || !ok {
		return -1, nil, -1
	}
	if i = skipSpace(v, end); !at(v, i, ':') {
		return -1, nil, -1
	}
	i = skipSpace(v, i+1)
	if end = skipValue(v, i); end <= i {
		return -1, nil, -1
	}
	return k, v[i:end], end
}

// nextMember returns where the object goes on after a member's value ends at v[end]: the next
// member, past the comma, or the closing brace. It returns -1 when neither follows, or for a
// trailing comma.
func nextMember(v []byte, end int) int {
	i := skipSpace(v, end)
	if at(v, i, ',') {
		if i = skipSpace(v, i+1); at(v, i, '}') {
			return -1 // a trailing comma
		}
		return i
	}
	if !at(v, i, '}') {
		return -1
	}
	return i
}

// at reports whether v[i] is c; false past the end of v.
func at(v []byte, i int, c byte) bool { return i < len(v) && v[i] == c }

// set stores a member's value, if the facts keep it; false for a value of the wrong kind.
func (f *progressFacts) set(key string, val []byte) bool {
	if p := f.stringField(key); p != nil {
		return setString(p, val)
	}
	switch key {
	case "Created":
		return f.Created.UnmarshalJSON(val) == nil
	case "Publication":
		return json.Unmarshal(val, &f.Publication) == nil
	case "Filing":
		return f.setFiling(val)
	case "Revisions":
		return f.countRevisions(val)
	}
	return true // a member the facts do not keep
}

// setFiling keeps the filing's time, Filed.
func (f *progressFacts) setFiling(val []byte) bool {
	if string(val) == "null" {
		f.Filing = nil
		return true
	}
	var filing struct{ Filed time.Time }
	ok := eachMember(val, filingKeys, func(key string, v []byte) bool {
		return key != "Filed" || filing.Filed.UnmarshalJSON(v) == nil
	})
	if ok {
		f.Filing = &filing
	}
	return ok
}

// stringField is the string the facts keep for the key, or nil.
func (f *progressFacts) stringField(key string) *string {
	switch key {
	case "ID":
		return &f.ID
	case "Title":
		return &f.Title
	case "Division":
		return &f.Division
	case "Category":
		return &f.Category
	case "DocDate":
		return &f.DocDate
	case "PolicyDate":
		return &f.PolicyDate
	case "Due":
		return &f.Due
	case "Disclosure":
		return (*string)(&f.Disclosure)
	case "State":
		return (*string)(&f.State)
	}
	return nil
}

// setString stores a JSON string without escapes; null leaves it as it is, as encoding/json does.
func setString(p *string, val []byte) bool {
	if string(val) == "null" {
		return true
	}
	body, end := plainBytes(val, 0)
	if end != len(val) {
		return false
	}
	*p = string(body)
	return true
}

// countRevisions keeps how many revisions the array holds: objects or nulls, as []struct{}
// takes them.
func (f *progressFacts) countRevisions(val []byte) bool {
	if string(val) == "null" {
		f.Revisions = nil
		return true
	}
	if val[0] != '[' {
		return false
	}
	n := 0
	for i := skipSpace(val, 1); val[i] != ']'; n++ {
		end := skipValue(val, i)
		if end < 0 || (val[i] != '{' && string(val[i:end]) != "null") {
			return false
		}
		if i = skipSpace(val, end); val[i] == ',' {
			i = skipSpace(val, i+1)
		}
	}
	f.Revisions = make([]struct{}, n)
	return true
}

func skipSpace(v []byte, i int) int {
	for i < len(v) && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r') {
		i++
	}
	return i
}

// plainBytes reads the JSON string at v[i] that has no escape, no control character and is
// valid UTF-8, returning its body; end is just past it, or -1 for anything else.
func plainBytes(v []byte, i int) (body []byte, end int) {
	if i >= len(v) || v[i] != '"' {
		return nil, -1
	}
	j := bytes.IndexByte(v[i+1:], '"')
	if j < 0 {
		return nil, -1
	}
	body = v[i+1 : i+1+j]
	for _, c := range body {
		if c < 0x20 || c == '\\' {
			return nil, -1
		}
	}
	if !utf8.Valid(body) {
		return nil, -1
	}
	return body, i + j + 2
}

// skipValue returns the end of the JSON value at v[i] — a string, an object or array with
// everything in it, or a literal — or -1 when it does not end. It checks the brackets
// and the strings, not everything in between.
func skipValue(v []byte, i int) int {
	if i >= len(v) {
		return -1
	}
	var stack []byte
	for ; i < len(v); i++ {
		switch c := v[i]; c {
		case '"':
			if i = closingQuote(v, i); i < 0 {
				return -1
			}
		case '{', '[':
			stack = append(stack, c+2) // '}' is '{'+2, ']' is '['+2
		case '}', ']':
			if len(stack) == 0 {
				return i // the end of a literal
			}
			if stack[len(stack)-1] != c {
				return -1
			}
			stack = stack[:len(stack)-1]
		case ',', ' ', '\t', '\n', '\r':
			if len(stack) == 0 {
				return i
			}
		}
		if len(stack) == 0 && closesValue(v[i]) {
			return i + 1
		}
	}
	if len(stack) > 0 {
		return -1
	}
	return i
}

// closingQuote returns the index of the quote that ends the JSON string opening at v[i],
// stepping over escaped characters, or -1 when the string does not end.
func closingQuote(v []byte, i int) int {
	for i++; i < len(v) && v[i] != '"'; i++ {
		if v[i] == '\\' {
			i++
		}
	}
	if i >= len(v) {
		return -1
	}
	return i
}

// closesValue reports whether c, met outside every bracket, is the last byte of the value:
// the quote that ends a string, or the bracket that ends an object or array.
func closesValue(c byte) bool { return c == '"' || c == '}' || c == ']' }
