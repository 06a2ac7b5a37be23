package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sync"
)

// The anchor keeps the number and hash of the newest committed audit entry in a small file
// beside the store, outside the engine's own files. The ledger proves that every record
// matches the log, but not that the log is complete at its end: damage that makes the engine
// drop its newest writes (a byte flipped in the write-ahead log or in the manifest's last
// change) takes the records and their audit entries away together and leaves a consistent,
// older store. The anchor tells: Open refuses a store whose log ends before the anchor.
//
// The anchor is written after each commit (rename, no fsync): after a crash or a power cut it
// may lag behind the store, never run ahead of it, since the commit is on disk first.

// anchorName is the anchor's file name in the store directory.
const anchorName = "AUDITHEAD.json"

// anchorFile is the anchor's content. Check lets a damaged anchor be told from a store that
// lost entries: a damaged anchor is ignored and written anew.
type anchorFile struct {
	Seq   int64
	Hash  string
	Check string
}

func (a anchorFile) check() string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%d %s", a.Seq, a.Hash))
	return hex.EncodeToString(sum[:8])
}

// anchor writes the anchor of one store.
type anchor struct {
	path string // "" for an in-memory store: nothing to anchor
	mu   sync.Mutex
	seq  int64 // the newest entry saved: commits may finish out of order
}

// newAnchor is the anchor of the store in dir. Only a store in a directory of its own has
// one: a nil *anchor (a store in memory, or one kept by a server, whose own recovery is the
// database's) anchors nothing.
func newAnchor(dir string) *anchor {
	if dir == "" {
		return nil
	}
	return &anchor{path: filepath.Join(dir, anchorName)}
}

// save records e as the newest committed entry. A failure is logged, not returned: the commit
// stands, and the anchor only lags.
func (a *anchor) save(e AuditEntry) {
	if a == nil || a.path == "" {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if e.Seq <= a.seq {
		return
	}
	f := anchorFile{Seq: e.Seq, Hash: e.Hash}
	f.Check = f.check()
	b, _ := json.Marshal(f)
	tmp := a.path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		log.Printf("archive: anchor: %v", err)
		return
	}
	if err := os.Rename(tmp, a.path); err != nil {
		log.Printf("archive: anchor: %v", err)
		return
	}
	a.seq = e.Seq
}

// load reads the anchor; ok is false when there is none or it is damaged.
func (a *anchor) load() (f anchorFile, ok bool) {
	if a == nil || a.path == "" {
		return f, false
	}
	b, err := os.ReadFile(a.path)
	if err != nil {
		return f, false
	}
	if json.Unmarshal(b, &f) != nil || f.Check != f.check() || f.Seq < 1 {
		log.Printf("archive: %s is damaged; it is written anew", a.path)
		return anchorFile{}, false
	}
	return f, true
}

// behind reports how far the store, whose audit log ends at entry last, falls short of the
// anchor: the entries last+1…anchor that it lost, or 0 when it lost none. found says whether
// there is an intact anchor at all.
func (a *anchor) behind(last int64) (from, to int64, found bool) {
	f, ok := a.load()
	if !ok || last >= f.Seq {
		return 0, 0, ok
	}
	return last + 1, f.Seq, true
}
