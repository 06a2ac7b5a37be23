package archive

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"io"
	"strings"
)

// A key/value stream is how a backup of format 2 holds the store: every key and value in key
// order, as the engine keeps them, in a framing of 审档's own that any engine can write from a
// scan and load by updates.
//
//	"shendang-kv/1\n"
//	per record:  key length (uint32, big-endian, > 0) | key | value length (uint32) | value
//	end:         0 (uint32) | number of records (uint64) | SHA-256 of every byte before it
//
// The digest and the count tell a stream cut short or altered from a whole one, whatever the
// container around it says.

// kvMagic opens a key/value stream.
const kvMagic = "shendang-kv/1\n"

// Limits on a record in a stream: a key is at most 64 KiB (审档's are under 200 bytes), a value
// at most 1 GiB (a stored file).
const (
	maxStreamKey   = 1 << 16
	maxStreamValue = 1 << 30
)

// kvStreamWriter writes a key/value stream.
type kvStreamWriter struct {
	w io.Writer
	h hash.Hash
	n uint64
}

func newKVStreamWriter(w io.Writer) (*kvStreamWriter, error) {
	k := &kvStreamWriter{w: w, h: sha256.New()}
	return k, k.write([]byte(kvMagic))
}

func (k *kvStreamWriter) write(b []byte) error {
	k.h.Write(b)
	_, err := k.w.Write(b)
	return err
}

// add writes one record. Errors: an empty or too long key, a too long value, the writer's.
func (k *kvStreamWriter) add(key, value []byte) error {
	if len(key) == 0 || len(key) > maxStreamKey || len(value) > maxStreamValue {
		return fmt.Errorf("record %q: key of %d bytes, value of %d: beyond the stream's limits", key, len(key), len(value))
	}
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(key)))
	if err := k.write(n[:]); err != nil {
		return err
	}
	if err := k.write(key); err != nil {
		return err
	}
	binary.BigEndian.PutUint32(n[:], uint32(len(value)))
	if err := k.write(n[:]); err != nil {
		return err
	}
	k.n++
	return k.write(value)
}

// finish writes the end of the stream: the count and the digest.
func (k *kvStreamWriter) finish() error {
	var end [12]byte
	binary.BigEndian.PutUint64(end[4:], k.n)
	if err := k.write(end[:]); err != nil {
		return err
	}
	_, err := k.w.Write(k.h.Sum(nil))
	return err
}

// readKVStream calls fn with each record of the stream in r, then checks the stream's end:
// fn has seen every record only when readKVStream returns nil. It returns the number of
// records. Errors: ErrBackup for anything that is not a whole stream; fn's error.
func readKVStream(r io.Reader, fn func(key, value []byte) error) (uint64, error) {
	h := sha256.New()
	tr := io.TeeReader(r, h)
	magic := make([]byte, len(kvMagic))
	if _, err := io.ReadFull(tr, magic); err != nil || string(magic) != kvMagic {
		return 0, fmt.Errorf("%w: not a key/value stream", ErrBackup)
	}
	var n uint64
	var key, value []byte
	for {
		klen, err := readLength(tr, maxStreamKey)
		if err != nil {
			return n, err
		}
		if klen == 0 {
			break
		}
		if key, err = readBytes(tr, key, klen); err != nil {
			return n, err
		}
		vlen, err := readLength(tr, maxStreamValue)
		if err != nil {
			return n, err
		}
		if value, err = readBytes(tr, value, vlen); err != nil {
			return n, err
		}
		n++
		if err := fn(key, value); err != nil {
			return n, err
		}
	}
	return n, checkStreamEnd(r, tr, h, n)
}

// checkStreamEnd reads the count and the digest that end a stream of n records and checks
// them, and that nothing follows.
func checkStreamEnd(r, tr io.Reader, h hash.Hash, n uint64) error {
	var count [8]byte
	if _, err := io.ReadFull(tr, count[:]); err != nil {
		return fmt.Errorf("%w: the stream is cut short", ErrBackup)
	}
	want := h.Sum(nil)
	got := make([]byte, len(want))
	if _, err := io.ReadFull(r, got); err != nil {
		return fmt.Errorf("%w: the stream is cut short", ErrBackup)
	}
	if binary.BigEndian.Uint64(count[:]) != n || !bytes.Equal(got, want) {
		return fmt.Errorf("%w: the stream does not match its digest (damaged or altered)", ErrBackup)
	}
	if m, _ := r.Read(make([]byte, 1)); m > 0 {
		return fmt.Errorf("%w: data after the end of the stream", ErrBackup)
	}
	return nil
}

func readLength(r io.Reader, limit uint32) (uint32, error) {
	var b [4]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return 0, fmt.Errorf("%w: the stream is cut short", ErrBackup)
	}
	n := binary.BigEndian.Uint32(b[:])
	if n > limit {
		return 0, fmt.Errorf("%w: a record of %d bytes", ErrBackup, n)
	}
	return n, nil
}

// readBytes reads n bytes into buf's storage, growing it as the bytes arrive rather than by
// what a damaged length claims.
func readBytes(r io.Reader, buf []byte, n uint32) ([]byte, error) {
	buf = buf[:0]
	for left := int(n); left > 0; {
		k := min(left, 1<<20)
		start := len(buf)
		buf = append(buf, make([]byte, k)...)
		if _, err := io.ReadFull(r, buf[start:]); err != nil {
			return nil, fmt.Errorf("%w: the stream is cut short", ErrBackup)
		}
		left -= k
	}
	return buf, nil
}

// A loader writes records into an engine by updates of at most loadBatchBytes (or
// loadBatchKeys records), well inside what one Badger transaction may hold (300 kB of values
// under the value threshold with desktopOptions' 2 MB memtable); a record larger than that goes
// alone.
const (
	loadBatchBytes = 192 << 10
	loadBatchKeys  = 1000
)

type loader struct {
	ctx  context.Context
	to   engine
	keys [][]byte
	vals [][]byte
	size int
}

// add copies the record into the batch, writing the batch first when the record would
// overflow it.
func (l *loader) add(key, value []byte) error {
	if len(l.keys) > 0 && (l.size+len(key)+len(value) > loadBatchBytes || len(l.keys) == loadBatchKeys) {
		if err := l.flush(); err != nil {
			return err
		}
	}
	l.keys = append(l.keys, bytes.Clone(key))
	l.vals = append(l.vals, bytes.Clone(value))
	l.size += len(key) + len(value)
	return nil
}

// flush writes the batch in one update.
func (l *loader) flush() error {
	if len(l.keys) == 0 {
		return nil
	}
	err := retryConflicts(l.ctx, l.to, func(w kvWriter) error {
		for i, k := range l.keys {
			if err := w.put(k, l.vals[i]); err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
		}
		return nil
	})
	l.keys, l.vals, l.size = l.keys[:0], l.vals[:0], 0
	return err
}

// requireEmpty refuses an engine that holds any key: a restore or a copy goes into an empty
// store only, so it can never mix with an office's data. Errors: ErrNotEmpty.
func requireEmpty(ctx context.Context, e engine) error {
	found := false
	err := e.view(ctx, func(r kvReader) error {
		first, err := firstKey(r, nil, nil)
		found = first != nil
		return err
	})
	switch {
	case err != nil:
		return err
	case found:
		return fail(ErrNotEmpty, "目标数据库（%s）中已有数据：只能恢复或复制到空的数据库，以免与现有数据混在一起。", e.describe())
	}
	return nil
}

// requireAlone refuses a server database other desks are connected to: a move or restore
// would miss, or mix in, what they write meanwhile. role is 源 or 目标.
func requireAlone(ctx context.Context, e engine, role string) error {
	sh, ok := e.(sharer)
	if !ok {
		return nil
	}
	desks, err := sh.others(ctx)
	if err != nil {
		return err
	}
	if len(desks) > 0 {
		return fail(ErrInUse, "%s（%s）正被其他电脑上的审档使用（%s）：请这些电脑先退出审档，再迁移或恢复；没有写入任何内容。",
			role, e.describe(), strings.Join(desks, "、"))
	}
	return nil
}

// loadInto runs load, which writes into e, when no other desk uses e and it is empty. When
// load fails, what it wrote is removed again, so that e is as empty as it was and the move or
// restore can be run again. Errors: ErrNotEmpty, ErrInUse, load's.
func loadInto(ctx context.Context, e engine, load func() error) error {
	if err := requireAlone(ctx, e, "目标"); err != nil {
		return err
	}
	if err := requireEmpty(ctx, e); err != nil {
		return err
	}
	err := load()
	if err == nil {
		return nil
	}
	if cerr := clearKeys(context.WithoutCancel(ctx), e); cerr != nil {
		return fmt.Errorf("%w (and what was written could not be removed again: %v)", err, cerr)
	}
	return err
}

// clearKeys deletes every key of e, a batch per transaction.
func clearKeys(ctx context.Context, e engine) error {
	for {
		var keys [][]byte
		err := e.view(ctx, func(r kvReader) error {
			return r.scan(keyRange{keysOnly: true}, func(key, _ []byte) (bool, error) {
				keys = append(keys, bytes.Clone(key))
				return len(keys) < loadBatchKeys, nil
			})
		})
		if err != nil || len(keys) == 0 {
			return err
		}
		err = retryConflicts(ctx, e, func(w kvWriter) error {
			for _, k := range keys {
				if err := w.del(k); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
}

// copyStore copies every key of from into to, which must be empty, in batches. from is read
// in one snapshot. A copy that fails midway is removed from to again. Errors: ErrNotEmpty,
// ErrInUse; either engine's.
func copyStore(ctx context.Context, from, to engine) error {
	err := loadInto(ctx, to, func() error {
		l := &loader{ctx: ctx, to: to}
		err := from.view(ctx, func(r kvReader) error {
			return r.scan(keyRange{}, func(key, value []byte) (bool, error) {
				return true, l.add(key, value)
			})
		})
		if err == nil {
			err = l.flush()
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("copy %s to %s: %w", from.describe(), to.describe(), err)
	}
	return nil
}
