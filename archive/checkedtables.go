package archive

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The record of checked tables. Reading every table whole (checkTable) is most of what opening
// a large store costs: 0.6 s of processor time and half a gigabyte of short-lived memory for
// the 130 MB of tables of 100,000 items. A Badger table is never changed once written, so a
// table checked whole need not be read again at the next open while it is the same file. The
// record, a file CHECKED beside the tables, names each table checked whole with what identifies
// the file on disk: its size, its modification time and, where the system keeps it (Linux), its
// change time, which no program can set back, so a copy or an edit that keeps the modification
// time is still a different file. Open reads a table again when its entry does not match, when
// the entry is older than checkedFor (damage the disk does by itself changes no time), or when
// the record is missing or damaged. Verify and Backup read every table whole, as before, and
// renew the record.
//
// A file written less than settleTime before a check is not recorded: its times may not yet
// tell a later write from the first (file systems keep times at a coarse clock's tick, FAT at
// 2 s), the problem git calls a racily clean index.

// checkedName is the record's file name in the store's directory.
const checkedName = "CHECKED"

const (
	checkedHeader = "shendang checked tables 1"
	checkedFor    = 7 * 24 * time.Hour
	settleTime    = 2 * time.Second
)

// tableStamp identifies a table file on disk. ChangeTime is 0 where the system keeps none.
type tableStamp struct {
	Size, ModTime, ChangeTime int64 // bytes; Unix nanoseconds
}

// stampOf is the stamp of the file fi describes.
func stampOf(fi fs.FileInfo) tableStamp {
	return tableStamp{Size: fi.Size(), ModTime: fi.ModTime().UnixNano(), ChangeTime: changeTime(fi)}
}

// settledBefore reports whether the file's times are settleTime or more before t.
func (s tableStamp) settledBefore(t time.Time) bool {
	limit := t.Add(-settleTime).UnixNano()
	return s.ModTime < limit && s.ChangeTime < limit
}

// checkedTable is one entry of the record: the table's stamp, and when it was checked whole.
type checkedTable struct {
	Stamp   tableStamp
	Checked int64 // Unix seconds
}

// checkedTables is the record, by table id.
type checkedTables map[uint64]checkedTable

// trusts reports whether the table id with stamp was checked whole as that same file, recently
// enough at now.
func (c checkedTables) trusts(id uint64, stamp tableStamp, now time.Time) bool {
	e, ok := c[id]
	if !ok || e.Stamp != stamp {
		return false
	}
	at := time.Unix(e.Checked, 0)
	return !at.After(now) && now.Sub(at) < checkedFor
}

// readChecked reads the record of the store in dir. A missing or damaged record is an empty
// one: every table is checked.
func readChecked(dir string) checkedTables {
	data, err := os.ReadFile(filepath.Join(dir, checkedName))
	if err != nil {
		return checkedTables{}
	}
	c, err := parseChecked(data)
	if err != nil {
		log.Printf("archive: the record of checked tables of %s is not used: %v", dir, err)
		return checkedTables{}
	}
	return c
}

// writeChecked replaces the record of the store in dir, through a temporary file, so that a
// crash leaves the old record or the new one. A record that cannot be written costs only time
// at the next open, so the failure is logged, not returned.
func writeChecked(dir string, c checkedTables) {
	path := filepath.Join(dir, checkedName)
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, c.format()) {
		return
	}
	tmp := path + ".tmp"
	err := os.WriteFile(tmp, c.format(), 0o600)
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		log.Printf("archive: the record of checked tables of %s is not written: %v", dir, err)
	}
}

// format writes the record as text: a header, a line per table in the order of their ids
// (id, size, modification and change time, time checked), and the CRC-32C of what precedes.
func (c checkedTables) format() []byte {
	ids := make([]uint64, 0, len(c))
	for id := range c {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var b bytes.Buffer
	b.WriteString(checkedHeader + "\n")
	for _, id := range ids {
		e := c[id]
		fmt.Fprintf(&b, "%d %d %d %d %d\n", id, e.Stamp.Size, e.Stamp.ModTime, e.Stamp.ChangeTime, e.Checked)
	}
	fmt.Fprintf(&b, "crc32c %08x\n", crc32.Checksum(b.Bytes(), castagnoli))
	return b.Bytes()
}

// errCheckedRecord is a record of checked tables that is not in the form format writes.
var errCheckedRecord = errors.New("not a record of checked tables")

// parseChecked reads a record written by format. Anything else, a changed byte included, is
// errCheckedRecord: the record is accepted only in the exact form format writes it.
func parseChecked(data []byte) (checkedTables, error) {
	body, sum, ok := splitChecksum(data)
	if !ok {
		return nil, fmt.Errorf("%w: no checksum line", errCheckedRecord)
	}
	if fmt.Sprintf("%08x", crc32.Checksum(body, castagnoli)) != sum {
		return nil, fmt.Errorf("%w: the checksum does not match", errCheckedRecord)
	}
	lines := strings.Split(strings.TrimSuffix(string(body), "\n"), "\n")
	if lines[0] != checkedHeader {
		return nil, fmt.Errorf("%w: header %q", errCheckedRecord, lines[0])
	}
	c := checkedTables{}
	for _, line := range lines[1:] {
		id, e, err := parseCheckedLine(line)
		if err != nil {
			return nil, err
		}
		c[id] = e
	}
	if !bytes.Equal(c.format(), data) {
		return nil, fmt.Errorf("%w: not in the form it is written", errCheckedRecord)
	}
	return c, nil
}

// splitChecksum splits data into what the checksum line covers and the checksum's hex digits.
func splitChecksum(data []byte) (body []byte, sum string, ok bool) {
	if !bytes.HasSuffix(data, []byte("\n")) {
		return nil, "", false
	}
	i := bytes.LastIndexByte(data[:len(data)-1], '\n')
	if i < 0 {
		return nil, "", false
	}
	sum, ok = strings.CutPrefix(string(data[i+1:len(data)-1]), "crc32c ")
	return data[:i+1], sum, ok
}

// parseCheckedLine reads one table's line: five decimal numbers separated by single spaces.
func parseCheckedLine(line string) (uint64, checkedTable, error) {
	f := strings.Split(line, " ")
	if len(f) != 5 {
		return 0, checkedTable{}, fmt.Errorf("%w: line %q", errCheckedRecord, line)
	}
	id, err := strconv.ParseUint(f[0], 10, 64)
	var n [4]int64
	for i := range n {
		if err != nil {
			break
		}
		n[i], err = strconv.ParseInt(f[i+1], 10, 64)
	}
	if err != nil {
		return 0, checkedTable{}, fmt.Errorf("%w: line %q: %v", errCheckedRecord, line, err)
	}
	return id, checkedTable{Stamp: tableStamp{Size: n[0], ModTime: n[1], ChangeTime: n[2]}, Checked: n[3]}, nil
}
