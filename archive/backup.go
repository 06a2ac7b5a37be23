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
)

// Backup formats: the layout of a backup file, named in its manifest. Both are a ZIP holding
// manifest.json and the store: format 2 as a key/value stream (kvstream.go) in store.kv, any
// engine's; format 1, written until the office server came, as Badger's own backup stream in
// store.bak (backupv1.go). Backup writes format 2; Restore reads both.
const (
	backupFormat   = "shendang-backup/2"
	backupFormatV1 = "shendang-backup/1"
)

// payloadName is the ZIP entry that holds the store in each format.
var payloadName = map[string]string{backupFormat: "store.kv", backupFormatV1: "store.bak"}

// manifest describes a backup: what it holds and how to check and open it.
type manifest struct {
	Format    string
	Schema    string
	Created   time.Time
	Encrypted bool
	KeyParams *keyParams `json:",omitempty"` // for an encrypted store: to derive its key again
	SHA256    string     // of the payload entry as written
	Size      int64
	Records   uint64 `json:",omitempty"` // in the key/value stream (format 2)
	AuditSeq  int64
	AuditHash string
}

// encryptedEngine is an engine that encrypts what it keeps: a backup of it is encrypted with
// the same key, and the manifest carries the parameters that derive the key from the
// passphrase. encryption returns a nil key for a store kept in plaintext.
type encryptedEngine interface {
	encryption() (key []byte, p *keyParams, err error)
}

// Backup writes a consistent backup of the whole store to w: a ZIP holding every key and value
// as a key/value stream (store.kv) and a manifest with its hash. It can run while the store is
// open (the GUI holds the directory lock). The stream of an encrypted store is encrypted with
// the store's key (AES-256-GCM). Errors: ErrDamaged (a *DamageError naming the file) when a
// file of the store fails its checksums: a backup is whole or not written.
func (s *Office) Backup(w io.Writer, actor string) error {
	var head AuditEntry
	if entries, err := s.LastAudit(); err == nil {
		head = entries
	}
	key, params, err := s.encryption()
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	m := manifest{Format: backupFormat, Schema: SchemaVersion, Created: s.Now().UTC(), Encrypted: key != nil,
		KeyParams: params, AuditSeq: head.Seq, AuditHash: head.Hash}
	zw := zip.NewWriter(w)
	part, err := zw.CreateHeader(&zip.FileHeader{Name: payloadName[backupFormat], Method: zip.Store, Modified: m.Created})
	if err != nil {
		return err
	}
	h := sha256.New()
	counter := &countingWriter{w: io.MultiWriter(part, h)}
	var sink io.Writer = counter
	var enc *chunkWriter
	if key != nil {
		if enc, err = newChunkWriter(counter, key); err != nil {
			return err
		}
		sink = enc
	}
	bw := bufio.NewWriterSize(sink, 1<<20)
	if m.Records, err = s.writeStream(bw); err != nil {
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

// encryption is the store's key and key parameters, when its engine encrypts.
func (s *Office) encryption() ([]byte, *keyParams, error) {
	if ee, ok := s.e.(encryptedEngine); ok {
		return ee.encryption()
	}
	return nil, nil, nil
}

// writeStream writes every key and value of the store to w as a key/value stream, from one
// snapshot, and returns how many records it wrote. A store the engine cannot read through is
// damaged (a *DamageError), whether a checksum or the engine says so.
func (s *Office) writeStream(w io.Writer) (n uint64, err error) {
	// An engine may pass over a block that fails its checksum as if the data ended there:
	// check its files first, so that a backup is whole or refused.
	if fc, ok := s.e.(fileChecker); ok {
		if err := fc.checkFiles(); err != nil {
			return 0, err
		}
	}
	defer func() {
		if r := recover(); r != nil {
			err = damagedFile("", fmt.Errorf("reading the store: %v", r))
		}
	}()
	kw, err := newKVStreamWriter(w)
	if err != nil {
		return 0, err
	}
	var werr error // the writer's: not the store's fault
	err = s.view(func(r kvReader) error {
		return r.scan(keyRange{}, func(key, value []byte) (bool, error) {
			werr = kw.add(key, value)
			return werr == nil, werr
		})
	})
	switch {
	case werr != nil:
		return 0, werr
	case err != nil && (strings.Contains(err.Error(), "checksum") || strings.Contains(err.Error(), "corrupt")):
		return 0, damagedFile(engineFileRe.FindString(err.Error()), err)
	case err != nil:
		return 0, err
	}
	return kw.n, kw.finish()
}

// LastAudit returns the newest entry of the audit log. Errors: ErrNotFound when it is empty.
func (s *Office) LastAudit() (AuditEntry, error) {
	var e AuditEntry
	err := s.view(func(txn kvReader) error { return getJSON(txn, keyAuditHead(), &e) })
	return e, err
}

// Restore restores the backup file at path into dir, a store directory that must be empty or
// absent, or into the empty server database dir names when it is a postgres:// URL, then
// verifies the restored store. An encrypted backup needs the store's passphrase.
// Errors: ErrNotEmpty, ErrBackup (not a backup, damaged, hash mismatch), ErrWrongPassphrase.
func Restore(ctx context.Context, path, dir, passphrase string) (*VerifyReport, error) {
	if IsServerAddress(dir) {
		return restoreServer(ctx, path, dir, passphrase)
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf(`restore into "%s": %w`, dir, ErrNotEmpty)
	}
	b, err := openBackup(path, passphrase)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	if err := writeKeyParams(dir, b.m); err != nil {
		return nil, err
	}
	e, err := openBadgerDir(dir, passphrase)
	if err != nil {
		emptyDir(dir)
		return nil, fmt.Errorf(`restore into "%s": %w`, dir, err)
	}
	if err := b.restoreOnto(ctx, e); err != nil {
		_ = e.close()
		emptyDir(dir) // it was empty: so the restore can be run again
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	// A backup of schema 1 brings its stamp and a log without digests: openOn upgrades it.
	s, err := openOn(e, newAnchor(dir))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer s.Close()
	return recordRestore(ctx, s, path, b.m)
}

// restoreServer restores the backup at path into the empty server database url names and
// verifies it. An encrypted backup is decrypted with passphrase: on the server the office's
// data is guarded by the server's accounts, not by a passphrase.
func restoreServer(ctx context.Context, path, url, passphrase string) (*VerifyReport, error) {
	b, err := openBackup(path, passphrase)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	e, err := openPostgres(ctx, url)
	if err != nil {
		return nil, serverError(err)
	}
	if err := b.restoreOnto(ctx, e); err != nil {
		_ = e.close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s, err := openOn(e, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer s.Close()
	return recordRestore(ctx, s, path, b.m)
}

// recordRestore writes the restore into the restored store's audit log and verifies it.
func recordRestore(ctx context.Context, s *Office, path string, m manifest) (*VerifyReport, error) {
	if err := s.Record("", ActionRestore, fmt.Sprintf("从“%s”恢复（备份于 %s，审计日志至第 %d 条）", path, m.Created.In(OfficeZone).Format("2006-01-02 15:04"), m.AuditSeq)); err != nil {
		return nil, err
	}
	return s.Verify(ctx, nil)
}

// backupFile is a backup opened and checked against its manifest, with the key of an
// encrypted one.
type backupFile struct {
	zr   *zip.ReadCloser
	m    manifest
	data *zip.File // the payload
	key  []byte
}

// openBackup opens the backup at path and checks its payload against the manifest and the
// passphrase against an encrypted backup's key parameters. Errors: ErrBackup,
// ErrIncompatibleStore, ErrWrongPassphrase.
func openBackup(path, passphrase string) (*backupFile, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", path, ErrBackup, err)
	}
	b := &backupFile{zr: zr}
	b.m, b.data, err = readManifest(&zr.Reader)
	if err == nil {
		err = checkPayload(b.data, b.m)
	}
	if err == nil {
		b.key, err = backupKey(b.m, passphrase)
	}
	if err != nil {
		zr.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// Close closes the backup file.
func (b *backupFile) Close() error { return b.zr.Close() }

// restoreOnto loads the backup's records into e, which must be empty and, on a server, used by
// no other desk; records a failed load wrote are removed again. Errors: ErrNotEmpty, ErrInUse,
// ErrBackup for a payload that does not load, the engine's.
func (b *backupFile) restoreOnto(ctx context.Context, e engine) error {
	if b.m.Format == backupFormatV1 {
		return b.load(ctx, e) // loadV1 copies through copyStore, which checks and clears e
	}
	return loadInto(ctx, e, func() error { return b.load(ctx, e) })
}

// load writes the backup's records into e.
func (b *backupFile) load(ctx context.Context, e engine) error {
	rc, err := b.data.Open()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBackup, err)
	}
	defer rc.Close()
	var src io.Reader = rc
	if b.key != nil {
		if src, err = newChunkReader(rc, b.key); err != nil {
			return err
		}
	}
	if b.m.Format == backupFormatV1 {
		return loadV1(ctx, src, b.key, e)
	}
	l := &loader{ctx: ctx, to: e}
	n, err := readKVStream(src, l.add)
	if err == nil {
		err = l.flush()
	}
	if err == nil && n != b.m.Records {
		err = fmt.Errorf("%w: %d records, the manifest says %d", ErrBackup, n, b.m.Records)
	}
	return err
}

// backupKey returns the key of an encrypted backup, from passphrase; a plain backup has none.
// Errors: ErrWrongPassphrase.
func backupKey(m manifest, passphrase string) ([]byte, error) {
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
	return key, nil
}

// writeKeyParams writes an encrypted backup's key parameters into dir, where the store is
// restored, so that the store opens with the same passphrase; a plain backup has none.
func writeKeyParams(dir string, m manifest) error {
	if !m.Encrypted {
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	b, _ := json.Marshal(m.KeyParams)
	return os.WriteFile(keyFile(dir), b, 0o600)
}

func readManifest(zr *zip.Reader) (manifest, *zip.File, error) {
	var m manifest
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	mf := files["manifest.json"]
	if mf == nil {
		return m, nil, fmt.Errorf("%w: manifest.json is missing", ErrBackup)
	}
	rc, err := mf.Open()
	if err != nil {
		return m, nil, fmt.Errorf("%w: %v", ErrBackup, err)
	}
	defer rc.Close()
	if err := json.NewDecoder(io.LimitReader(rc, 1<<20)).Decode(&m); err != nil || payloadName[m.Format] == "" {
		return m, nil, fmt.Errorf("%w: manifest is not a %s or %s manifest", ErrBackup, backupFormat, backupFormatV1)
	}
	data := files[payloadName[m.Format]]
	if data == nil {
		return m, nil, fmt.Errorf("%w: %s is missing", ErrBackup, payloadName[m.Format])
	}
	if m.Schema != SchemaVersion && m.Schema != schemaBeforeLedger {
		return m, nil, fmt.Errorf("%w: schema %q, this version reads %q", ErrIncompatibleStore, m.Schema, SchemaVersion)
	}
	return m, data, nil
}

// checkPayload compares the payload with the manifest's size and hash.
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
		return fmt.Errorf("%w: %s does not match its manifest (damaged or altered)", ErrBackup, f.Name)
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
