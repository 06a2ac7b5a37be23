package archive

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// An office moves its archive between a workstation's data directory and the office's server
// (and back) with Move: the whole store — users, settings, items, revisions, files, records,
// boxes, notes and the audit log — copied key by key into an empty target, which then verifies
// clean or the move is reported as failed. The keys are copied as they are, so the audit chain
// and every digest carry over unchanged; one audit entry in the target says where it came from.

// OpenLocation opens the store at location: a server URL (see IsServerAddress) or the directory
// of a Badger store. passphrase opens an encrypted directory store; a server has none.
func OpenLocation(ctx context.Context, location, passphrase string) (*Office, error) {
	if IsServerAddress(location) {
		return OpenServer(ctx, location)
	}
	return Open(location, Options{Passphrase: passphrase})
}

// Move copies the store at from into the empty store at to (each a server URL or a store
// directory) and verifies the copy. The source must verify clean first: a move never carries
// an alteration along. passphrase opens an encrypted source directory and, when to is a
// directory, encrypts the copy with it too. Errors: ErrNotEmpty for a target that holds data
// (nothing is written to it), ErrInUse when other desks are connected to either server
// database, ErrDamaged when the source does not verify clean, the errors of
// opening either store. The report is the copy's verification.
func Move(ctx context.Context, from, to, passphrase string) (*VerifyReport, error) {
	src, err := OpenLocation(ctx, from, passphrase)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	if err := requireAlone(ctx, src.e, "源数据"); err != nil {
		return nil, err
	}
	rep, err := src.Verify(ctx, nil)
	if err != nil {
		return nil, err
	}
	if !rep.OK() {
		return nil, fail(ErrDamaged, "源数据（%s）校验未通过，发现 %d 个问题：先处理这些问题（shendang verify），再迁移。", src.Describe(), len(rep.Problems))
	}
	dst, err := openEmptyTarget(ctx, to, passphrase)
	if err != nil {
		return nil, err
	}
	if err := copyStore(ctx, src.e, dst); err != nil {
		_ = dst.close()
		if !IsServerAddress(to) && !errors.Is(err, ErrNotEmpty) {
			emptyDir(to) // it was empty: so the move can be run again
		}
		if errors.Is(err, ErrNotEmpty) {
			return nil, fail(ErrNotEmpty, "目标（%s）已有数据，迁移只写入空的数据库或空目录；没有写入任何内容。", dst.describe())
		}
		return nil, err
	}
	var a *anchor
	if !IsServerAddress(to) {
		a = newAnchor(to)
	}
	s, err := openOn(dst, a)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := s.Record("", ActionMove, fmt.Sprintf("从“%s”迁移而来（审计日志至第 %d 条）", src.Describe(), lastSeq(src))); err != nil {
		return nil, err
	}
	return s.Verify(ctx, nil)
}

// openEmptyTarget opens the engine at location without the rules (they would stamp an empty
// store), refusing a directory that already holds files.
func openEmptyTarget(ctx context.Context, location, passphrase string) (engine, error) {
	if IsServerAddress(location) {
		e, err := openPostgres(ctx, location)
		if err != nil {
			return nil, serverError(err)
		}
		return e, nil
	}
	if entries, err := os.ReadDir(location); err == nil && len(entries) > 0 {
		return nil, fail(ErrNotEmpty, "目标目录“%s”不是空的，迁移只写入空目录；没有写入任何内容。", location)
	}
	e, err := openBadgerDir(location, passphrase)
	if err != nil {
		return nil, fmt.Errorf(`move into "%s": %w`, location, err)
	}
	return e, nil
}

// lastSeq is the sequence of the store's last audit entry, 0 when it cannot be read.
func lastSeq(s *Office) int64 {
	e, err := s.LastAudit()
	if err != nil {
		return 0
	}
	return e.Seq
}

// emptyDir removes what a failed move or restore left in dir, which was empty or absent
// before: the store's files. A file it cannot remove stays, and the next try says the
// directory is not empty.
func emptyDir(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		_ = os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}
