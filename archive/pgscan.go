package archive

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
)

// A scan on PostgreSQL reads its range a page at a time (pgPage rows, the next page from just
// after the last key seen) and calls fn on each buffered page, because fn may run get, put or
// del on the same transaction and a pgx connection runs one query at a time. Every page reads
// the transaction's snapshot (REPEATABLE READ or SERIALIZABLE), so pages fit together.
// Writes fn makes to keys the scan has not reached yet may or may not be seen: they are when
// they fall on a later page (or are values too large for a page, read when fn reaches them),
// not when they fall on the page in hand.

// pgBounds is a scan's key interval: lo and hi are absent when nil.
type pgBounds struct {
	lo, hi         []byte
	loIncl, hiIncl bool
}

// scanBounds turns a keyRange into an interval: the prefix's keys are [prefix, prefixEnd), and
// start cuts it from below (forward) or from above (reverse).
func scanBounds(r keyRange) pgBounds {
	var b pgBounds
	if len(r.prefix) > 0 {
		b.lo, b.loIncl = r.prefix, true
	}
	b.hi = prefixEnd(r.prefix) // nil: no key is past the prefix's keys
	if len(r.start) == 0 {
		return b
	}
	if !r.reverse && bytes.Compare(r.start, r.prefix) > 0 {
		b.lo, b.loIncl = r.start, true
	}
	if r.reverse && (b.hi == nil || bytes.Compare(r.start, b.hi) < 0) {
		b.hi, b.hiIncl = r.start, true
	}
	return b
}

// query returns the SQL and arguments of one page of the scan.
func (b pgBounds) query(r keyRange) (string, []any) {
	var sql strings.Builder
	sql.WriteString("SELECT key")
	if !r.keysOnly {
		sql.WriteString(", CASE WHEN octet_length(value) <= " + strconv.Itoa(pgInline) + " THEN value END")
	}
	sql.WriteString(" FROM shendang_kv")
	var args []any
	cond := func(op string, key []byte) {
		if len(args) == 0 {
			sql.WriteString(" WHERE ")
		} else {
			sql.WriteString(" AND ")
		}
		args = append(args, key)
		sql.WriteString("key " + op + " $" + strconv.Itoa(len(args)))
	}
	if b.lo != nil {
		op := ">"
		if b.loIncl {
			op = ">="
		}
		cond(op, b.lo)
	}
	if b.hi != nil {
		op := "<"
		if b.hiIncl {
			op = "<="
		}
		cond(op, b.hi)
	}
	sql.WriteString(" ORDER BY key")
	if r.reverse {
		sql.WriteString(" DESC")
	}
	sql.WriteString(" LIMIT " + strconv.Itoa(pgPage))
	return sql.String(), args
}

// pgRow is one buffered row of a page; value is nil for keysOnly and for a value too large to
// carry in the page (large).
type pgRow struct {
	key, value []byte
	large      bool
}

// scan calls fn on each key of r in byte order, a page at a time.
func (t *pgTx) scan(r keyRange, fn func(key, value []byte) (bool, error)) error {
	b := scanBounds(r)
	for {
		page, err := t.page(b, r)
		if err != nil {
			return err
		}
		for _, row := range page {
			if row.large {
				if row.value, err = t.get(row.key); errors.Is(err, errNoKey) {
					continue // fn deleted it
				} else if err != nil {
					return err
				}
			}
			if more, err := fn(row.key, row.value); err != nil || !more {
				return err
			}
		}
		if len(page) < pgPage {
			return nil
		}
		last := page[len(page)-1].key
		if r.reverse {
			b.hi, b.hiIncl = last, false
		} else {
			b.lo, b.loIncl = last, false
		}
	}
}

// page reads one page of b's keys into memory.
func (t *pgTx) page(b pgBounds, r keyRange) ([]pgRow, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	sql, args := b.query(r)
	rows, err := t.tx.Query(t.ctx, sql, args...)
	if err != nil {
		return nil, t.fail("scan", r.prefix, err)
	}
	defer rows.Close()
	page := make([]pgRow, 0, pgPage)
	for rows.Next() {
		var row pgRow
		dst := []any{&row.key}
		if !r.keysOnly {
			dst = append(dst, &row.value)
		}
		if err := rows.Scan(dst...); err != nil {
			return nil, t.fail("scan", r.prefix, err)
		}
		row.large = !r.keysOnly && row.value == nil
		page = append(page, row)
	}
	if err := rows.Err(); err != nil {
		return nil, t.fail("scan", r.prefix, err)
	}
	return page, nil
}
