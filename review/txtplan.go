package review

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/transform"
)

// planText decides how the text file src decodes, as decodeText does, reading it a chunk at a
// time instead of into memory: the same encoding, the same errors, the same count of
// characters lost.
func planText(src *source) (textPlan, error) {
	head := make([]byte, min(src.size, sampleSize))
	if _, err := src.ReadAt(head, 0); err != nil && err != io.EOF {
		return textPlan{}, err
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		st, err := measureText(src.section(3, src.size-3), true)
		if err != nil {
			return textPlan{}, err
		}
		if !st.valid {
			return textPlan{}, fmt.Errorf("%w: starts with a UTF-8 mark but is not valid UTF-8", ErrEncoding)
		}
		return textPlan{name: "UTF-8", skip: 3, length: st.length, lost: st.replaced}, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		cand := utf16LE
		if head[0] == 0xFE {
			cand = utf16BE
		}
		if src.size%2 != 0 {
			return textPlan{}, fmt.Errorf("%w: %s with an odd number of bytes", ErrEncoding, cand.name)
		}
		return planAs(src, 2, cand)
	}
	st, err := measureText(src.section(0, src.size), true)
	if err != nil {
		return textPlan{}, err
	}
	if st.valid {
		if st.bad > tolerated(st.length) {
			if cand, found := guessEncoding(head, src.size, true); found {
				return planAs(src, 0, cand)
			}
			return textPlan{}, fmt.Errorf("%w: %d control characters, this is not a text file", ErrEncoding, st.bad)
		}
		return textPlan{name: "UTF-8", length: st.length}, nil
	}
	cand, found := guessEncoding(head, src.size, false)
	if !found {
		return textPlan{}, fmt.Errorf("%w: neither UTF-8, UTF-16, nor GBK/GB18030", ErrEncoding)
	}
	return planAs(src, 0, cand)
}

// planAs measures src decoded from offset skip in cand's encoding, refusing a result with many
// undecodable characters, as decodeAs does.
func planAs(src *source, skip int64, cand candidate) (textPlan, error) {
	st, err := measureText(transform.NewReader(src.section(skip, src.size-skip), cand.enc.NewDecoder()), false)
	if err != nil {
		if src.ctx.Err() != nil {
			return textPlan{}, src.ctx.Err()
		}
		return textPlan{}, fmt.Errorf("%w: %s: %v", ErrEncoding, cand.name, err)
	}
	if st.bad > tolerated(st.runes) {
		return textPlan{}, fmt.Errorf("%w: %s with %d undecodable characters", ErrEncoding, cand.name, st.bad)
	}
	return textPlan{cand: &cand, name: cand.name, skip: skip, length: st.length, lost: st.replaced}, nil
}

// textStats is what measureText found of a text.
type textStats struct {
	valid    bool // UTF-8 throughout
	length   int  // bytes
	runes    int  // counted only in decoded text (stopInvalid false)
	bad      int  // badRunes
	replaced int  // U+FFFD
}

// measureText reads r a chunk at a time, each cut at the start of a character, and measures
// what it read. With stopInvalid it stops at the first chunk that is not UTF-8 (valid false),
// as readUTF8 gives up on a file in another encoding; a decoder's output is always UTF-8.
func measureText(r io.Reader, stopInvalid bool) (textStats, error) {
	st := textStats{valid: true}
	buf := make([]byte, readChunk+utf8.UTFMax)
	carry := 0
	for {
		n, err := io.ReadFull(r, buf[carry:readChunk+carry])
		n += carry
		end := n
		if err == nil {
			end = lastRuneStart(buf[:n])
		}
		if chunk := buf[:end]; !utf8.Valid(chunk) {
			st.valid = false
			if stopInvalid {
				return st, nil
			}
		} else {
			st.bad += badRunes(chunk)
			if !stopInvalid && len(chunk) > 0 { // decoded text only; utf8.RuneCount would copy a non-ASCII slice into a string
				st.runes += utf8.RuneCountInString(unsafe.String(&chunk[0], len(chunk)))
			}
			st.replaced += bytes.Count(chunk, replacement)
		}
		st.length += end
		carry = copy(buf, buf[end:n])
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return st, nil
		}
		if err != nil {
			return st, err
		}
	}
}

var replacement = []byte(string(utf8.RuneError))
