package archive

import (
	"archive/zip"
	"bufio"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// backupFormat names the layout of a backup file.
const backupFormat = "shendang-backup/1"

// manifest describes a backup: what it holds and how to check and open it.
type manifest struct {
	Format    string
	Schema    string
	Created   time.Time
	Encrypted bool
	KeyParams *keyParams `json:",omitempty"` // for an encrypted store: to derive its key again
	SHA256    string     // of the store.bak entry as written
	Size      int64
	AuditSeq  int64
	AuditHash string
}

// Backup writes a consistent backup of the whole store to w: a ZIP holding Badger's backup
// stream (store.bak) and a manifest with its hash. It can run while the store is open (the
// GUI holds the directory lock). The stream of an encrypted store is encrypted with the
// store's key (AES-256-GCM), since Badger writes it in plaintext. Errors: ErrDamaged (a
// *DamageError naming the file) when a file of the store fails its checksums: a backup is
// whole or not written.
func (s *BadgerStore) Backup(w io.Writer, actor string) error {
	var head AuditEntry
	if entries, err := s.LastAudit(); err == nil {
		head = entries
	}
	m := manifest{Format: backupFormat, Schema: SchemaVersion, Created: s.Now().UTC(), Encrypted: s.encrypted,
		AuditSeq: head.Seq, AuditHash: head.Hash}
	if s.encrypted {
		data, err := os.ReadFile(keyFile(s.dir))
		if err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		var p keyParams
		if err := json.Unmarshal(data, &p); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		m.KeyParams = &p
	}
	zw := zip.NewWriter(w)
	part, err := zw.CreateHeader(&zip.FileHeader{Name: "store.bak", Method: zip.Store, Modified: m.Created})
	if err != nil {
		return err
	}
	h := sha256.New()
	counter := &countingWriter{w: io.MultiWriter(part, h)}
	var sink io.Writer = counter
	var enc *chunkWriter
	if s.encrypted {
		if enc, err = newChunkWriter(counter, s.key); err != nil {
			return err
		}
		sink = enc
	}
	bw := bufio.NewWriterSize(sink, 1<<20)
	if err := s.backupStream(bw); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if enc != nil {
		if err := enc.Close(); err != nil {
			return err
		}
	}
	m.SHA256, m.Size = hex.EncodeToString(h.Sum(nil)), counter.n
	mw, err := zw.CreateHeader(&zip.FileHeader{Name: "manifest.json", Method: zip.Deflate, Modified: m.Created})
	if err != nil {
		return err
	}
	if err := json.NewEncoder(mw).Encode(m); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return s.Record(actor, ActionBackup, fmt.Sprintf("备份 %d 字节，SHA-256 %s，审计日志至第 %d 条", m.Size, m.SHA256, m.AuditSeq))
}

// backupStream writes Badger's backup stream of the whole store to w. A store the engine
// cannot read through is damaged (a *DamageError), whether a checksum or the engine says so.
func (s *BadgerStore) backupStream(w io.Writer) (err error) {
	// Badger's stream passes over a block that fails its checksum as if the data ended there:
	// check the tables first, so that a backup is whole or refused.
	if s.dir != "" {
		if err := checkTables(s.dir, s.key); err != nil {
			return err
		}
	}
	defer func() {
		if r := recover(); r != nil {
			err = damagedFile("", fmt.Errorf("reading the store: %v", r))
		}
	}()
	if _, err := s.db.Backup(w, 0); err != nil {
		if strings.Contains(err.Error(), "checksum") || strings.Contains(err.Error(), "corrupt") {
			return damagedFile(engineFileRe.FindString(err.Error()), err)
		}
		return err
	}
	return nil
}

// LastAudit returns the newest entry of the audit log. Errors: ErrNotFound when it is empty.
func (s *BadgerStore) LastAudit() (AuditEntry, error) {
	var e AuditEntry
	err := s.db.View(func(txn *badger.Txn) error { return getJSON(txn, keyAuditHead(), &e) })
	return e, err
}

// Restore restores the backup file at path into dir, which must be empty or absent, then
// verifies the restored store. An encrypted backup needs the store's passphrase.
// Errors: ErrNotEmpty, ErrBackup (not a backup, damaged, hash mismatch), ErrWrongPassphrase.
func Restore(ctx context.Context, path, dir, passphrase string) (*VerifyReport, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf(`restore into "%s": %w`, dir, ErrNotEmpty)
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", path, ErrBackup, err)
	}
	defer zr.Close()
	m, data, err := readManifest(&zr.Reader)
	if err == nil {
		err = checkPayload(data, m)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	key, err := restoreKey(dir, m, passphrase)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s, err := Open(dir, Options{Passphrase: passphrase})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := s.loadPayload(data, key); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	// A backup of schema 1 brings its stamp and a log without digests: upgrade it as Open does.
	if err := s.start(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := s.Record("", ActionRestore, fmt.Sprintf("从“%s”恢复（备份于 %s，审计日志至第 %d 条）", path, m.Created.In(OfficeZone).Format("2006-01-02 15:04"), m.AuditSeq)); err != nil {
		return nil, err
	}
	return s.Verify(ctx, nil)
}

// restoreKey returns the key of an encrypted backup, from passphrase, and writes its key
// parameters beside the store restored into dir; a plain backup has none.
// Errors: ErrWrongPassphrase.
func restoreKey(dir string, m manifest, passphrase string) ([]byte, error) {
	if !m.Encrypted {
		return nil, nil
	}
	if m.KeyParams == nil || passphrase == "" {
		return nil, ErrWrongPassphrase
	}
	key := deriveKey(passphrase, *m.KeyParams)
	if !hmac.Equal(keyCheck(key), m.KeyParams.Check) {
		return nil, ErrWrongPassphrase
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	b, _ := json.Marshal(m.KeyParams)
	if err := os.WriteFile(keyFile(dir), b, 0o600); err != nil {
		return nil, err
	}
	return key, nil
}

// loadPayload loads the backup's records into the new store, decrypting them with key when
// the backup is encrypted. Errors: ErrBackup for a payload the engine cannot load.
func (s *BadgerStore) loadPayload(data *zip.File, key []byte) error {
	rc, err := data.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	var src io.Reader = rc
	if key != nil {
		if src, err = newChunkReader(rc, key); err != nil {
			return err
		}
	}
	if err := s.db.Load(src, 256); err != nil {
		return fmt.Errorf("%w: %v", ErrBackup, err)
	}
	return nil
}

func readManifest(zr *zip.Reader) (manifest, *zip.File, error) {
	var m manifest
	var data, mf *zip.File
	for _, f := range zr.File {
		switch f.Name {
		case "store.bak":
			data = f
		case "manifest.json":
			mf = f
		}
	}
	if data == nil || mf == nil {
		return m, nil, fmt.Errorf("%w: store.bak or manifest.json is missing", ErrBackup)
	}
	rc, err := mf.Open()
	if err != nil {
		return m, nil, fmt.Errorf("%w: %v", ErrBackup, err)
	}
	defer rc.Close()
	if err := json.NewDecoder(io.LimitReader(rc, 1<<20)).Decode(&m); err != nil || m.Format != backupFormat {
		return m, nil, fmt.Errorf("%w: manifest is not a %s manifest", ErrBackup, backupFormat)
	}
	if m.Schema != SchemaVersion && m.Schema != schemaBeforeLedger {
		return m, nil, fmt.Errorf("%w: schema %q, this version reads %q", ErrIncompatibleStore, m.Schema, SchemaVersion)
	}
	return m, data, nil
}

// checkPayload compares store.bak with the manifest's size and hash.
func checkPayload(f *zip.File, m manifest) error {
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBackup, err)
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBackup, err)
	}
	if n != m.Size || hex.EncodeToString(h.Sum(nil)) != m.SHA256 {
		return fmt.Errorf("%w: store.bak does not match its manifest (damaged or altered)", ErrBackup)
	}
	return nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// chunkSize is the plaintext size of one sealed chunk of an encrypted backup.
const chunkSize = 1 << 20

// chunkWriter seals a stream as AES-256-GCM chunks: a random 8-byte prefix, then per chunk a
// 4-byte length and the sealed bytes, the nonce being the prefix and the chunk's number. The
// last chunk is marked in its additional data, so a truncated backup does not open.
type chunkWriter struct {
	w      io.Writer
	aead   cipher.AEAD
	prefix [8]byte
	n      uint32
	buf    []byte
}

// newGCM returns AES-256-GCM under key.
func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func newChunkWriter(w io.Writer, key []byte) (*chunkWriter, error) {
	aead, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	c := &chunkWriter{w: w, aead: aead}
	if _, err := rand.Read(c.prefix[:]); err != nil {
		return nil, err
	}
	_, err = w.Write(c.prefix[:])
	return c, err
}

func (c *chunkWriter) Write(p []byte) (int, error) {
	total := len(p)
	for len(p) > 0 {
		k := min(chunkSize-len(c.buf), len(p))
		c.buf = append(c.buf, p[:k]...)
		p = p[k:]
		if len(c.buf) == chunkSize {
			if err := c.seal(false); err != nil {
				return 0, err
			}
		}
	}
	return total, nil
}

func (c *chunkWriter) Close() error { return c.seal(true) }

func (c *chunkWriter) seal(last bool) error {
	sealed := c.aead.Seal(nil, chunkNonce(c.prefix, c.n), c.buf, chunkAD(last))
	var hdr [4]byte
	binary.BigEndian.PutUint32(hdr[:], uint32(len(sealed)))
	if _, err := c.w.Write(hdr[:]); err != nil {
		return err
	}
	_, err := c.w.Write(sealed)
	c.n++
	c.buf = c.buf[:0]
	return err
}

func chunkNonce(prefix [8]byte, n uint32) []byte {
	nonce := make([]byte, 12)
	copy(nonce, prefix[:])
	binary.BigEndian.PutUint32(nonce[8:], n)
	return nonce
}

func chunkAD(last bool) []byte {
	if last {
		return []byte("last")
	}
	return []byte("more")
}

// chunkReader opens what chunkWriter sealed.
type chunkReader struct {
	r      io.Reader
	aead   cipher.AEAD
	prefix [8]byte
	n      uint32
	buf    []byte
	done   bool
}

func newChunkReader(r io.Reader, key []byte) (*chunkReader, error) {
	aead, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	c := &chunkReader{r: r, aead: aead}
	if _, err := io.ReadFull(r, c.prefix[:]); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBackup, err)
	}
	return c, nil
}

func (c *chunkReader) Read(p []byte) (int, error) {
	for len(c.buf) == 0 {
		if c.done {
			return 0, io.EOF
		}
		var hdr [4]byte
		if _, err := io.ReadFull(c.r, hdr[:]); err != nil {
			return 0, fmt.Errorf("%w: truncated: %v", ErrBackup, err)
		}
		size := binary.BigEndian.Uint32(hdr[:])
		if size > chunkSize+64 {
			return 0, fmt.Errorf("%w: chunk of %d bytes", ErrBackup, size)
		}
		sealed := make([]byte, size)
		if _, err := io.ReadFull(c.r, sealed); err != nil {
			return 0, fmt.Errorf("%w: truncated: %v", ErrBackup, err)
		}
		nonce := chunkNonce(c.prefix, c.n)
		plain, err := c.aead.Open(nil, nonce, sealed, chunkAD(false))
		if err != nil {
			if plain, err = c.aead.Open(nil, nonce, sealed, chunkAD(true)); err != nil {
				return 0, fmt.Errorf("%w: chunk %d does not decrypt", ErrBackup, c.n)
			}
			c.done = true
		}
		c.n++
		c.buf = plain
	}
	n := copy(p, c.buf)
	c.buf = c.buf[n:]
	return n, nil
}
