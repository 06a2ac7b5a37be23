package review

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/transform"
)

// ScanFile is CheckFile for a caller that needs the findings and not the text, as
// `shendang scan` does. A plain-text draft is read as a stream: its encoding is decided in a
// first pass exactly as Read decides it, then it is decoded and checked a window at a time,
// so memory follows the window (a few megabytes), not the file. The findings are those
// CheckFile gives, in the same order with the same fingerprints; the document returned for a
// streamed text has no Parts (its Format, Encoding, Name and Gaps are set). Any other format,
// and a text whose head (its first headLines non-empty lines) does not fit in the first
// window, is read whole, as CheckFile does. Its errors are CheckFile's.
func (r *Reader) ScanFile(ctx context.Context, rs *RuleSet, path string) (*Document, []Finding, error) {
	if format, err := formatOf(path); err != nil || format != FormatTXT {
		return r.CheckFile(ctx, rs, path)
	}
	ctx, cancel := context.WithTimeout(ctx, r.Limits.Timeout)
	defer cancel()
	f, size, err := r.open(path)
	if err != nil {
		return nil, nil, &ReadError{Path: path, Err: err}
	}
	defer f.Close()
	var found []Finding
	doc, err := r.bounded(ctx, func(ctx context.Context) (*Document, error) {
		doc, fs, err := rs.checkTextStream(ctx, &source{r: f, size: size, ctx: ctx})
		found = fs
		return doc, err
	})
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("%w: reading and checking took more than %v", ErrTimeout, r.Limits.Timeout)
		}
		return nil, nil, &ReadError{Path: path, Err: err}
	}
	doc.Name = filepath.Base(path)
	return doc, found, nil
}

// textPlan is how a text file decodes, as the first pass over it found: its encoding, the
// bytes to skip (a byte-order mark), the length of its text in UTF-8 and how many characters
// could not be decoded.
type textPlan struct {
	cand   *candidate // nil for UTF-8
	name   string
	skip   int64
	length int
	lost   int
}

// text returns a reader of the decoded text of src.
func (p textPlan) text(src *source) io.Reader {
	r := io.Reader(src.section(p.skip, src.size-p.skip))
	if p.cand != nil {
		r = transform.NewReader(r, p.cand.enc.NewDecoder())
	}
	return io.LimitReader(r, int64(p.length)) // a file grown since is read as it was
}

// checkTextStream checks the plain-text draft src with rs a window at a time (see ScanFile).
func (rs *RuleSet) checkTextStream(ctx context.Context, src *source) (*Document, []Finding, error) {
	if src.size == 0 {
		return rs.checkTextWhole(ctx, src)
	}
	plan, err := planText(src)
	if err != nil {
		return nil, nil, err
	}
	doc := &Document{Format: FormatTXT, Encoding: plan.name}
	if plan.lost > 0 {
		doc.addGap(0, fmt.Sprintf("文本中有 %d 处字节无法按 %s 解码，这些字符未能读取", plan.lost, plan.name))
	}
	c := newCollector(rs)
	c.copies = true
	s := newTextStream(plan.text(src), plan.length, rs.margin)
	whole, err := s.check(ctx, rs, c)
	if err != nil {
		return nil, nil, err
	}
	if whole {
		return rs.checkTextWhole(ctx, src)
	}
	return doc, c.finish(doc, 1), nil
}

// checkTextWhole reads src whole and checks it, as CheckFile does.
func (rs *RuleSet) checkTextWhole(ctx context.Context, src *source) (*Document, []Finding, error) {
	doc := &Document{Format: FormatTXT}
	if src.size > 0 {
		var err error
		if doc, err = readTXT(src); err != nil {
			return nil, nil, err
		}
	}
	found, err := rs.CheckContext(ctx, doc)
	if err != nil {
		return nil, nil, err
	}
	return doc, found, nil
}

// textStream is the window of a decoded text being checked: buf holds its bytes
// [base, base+len(buf)).
type textStream struct {
	r      io.Reader
	length int // of the whole text, as the first pass found
	margin int
	buf    []byte
	base   int
	line   int // the line at lineAt
	lineAt int
}

// windowSlack is how far the window reaches past a batch's margins: a finding's context, up to
// contextChars characters past its match, which may end at the margin.
const windowSlack = marginScan + 4*contextChars + 64

func newTextStream(r io.Reader, length, margin int) *textStream {
	workers := runtime.GOMAXPROCS(0)
	return &textStream{r: r, length: length, margin: margin, line: 1,
		buf: make([]byte, 0, min(length, workers*(pieceSize+utf8.UTFMax)+2*windowSlack+readChunk))}
}

// readChunk is the most fill reads at once.
const readChunk = 256 << 10

// check matches the text a batch of pieces at a time, cut as splitPieces cuts the whole
// text, and hands each piece's hits to c. It returns whole set, having checked nothing, when
// the document head does not fit in the first window: the caller reads the text whole then.
func (s *textStream) check(ctx context.Context, rs *RuleSet, c *collector) (whole bool, err error) {
	m := newBatchMatcher(runtime.GOMAXPROCS(0))
	part := &Part{Kind: PartBody}
	var bare [][2]int
	batch := make([]piece, 0, len(m.scratch))
	for own := 0; own < s.length; {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		batch, err = s.nextBatch(batch[:0], own, len(m.scratch))
		if err != nil {
			return false, err
		}
		if own == 0 {
			var ok bool
			if bare, ok = s.head(); !ok {
				return true, nil
			}
		}
		text := unsafe.String(unsafe.SliceData(s.buf), len(s.buf)) // buf is not written until the batch is taken
		for i, hits := range m.match(rs, text, batch, shifted(bare, -s.base)) {
			first := len(c.out)
			c.takeFrom(0, part, text, s.base, hits)
			s.locate(c.out[first:], batch[i].end+s.base)
		}
		own = batch[len(batch)-1].end + s.base
	}
	return false, nil
}

// nextBatch fills the window for up to n pieces from offset own of the text and appends them to
// batch, relative to the window.
func (s *textStream) nextBatch(batch []piece, own, n int) ([]piece, error) {
	s.discard(own - windowSlack)
	for range n {
		if own >= s.length {
			break
		}
		end := min(s.length, own+pieceSize)
		if err := s.fill(min(s.length, end+windowSlack)); err != nil {
			return nil, err
		}
		text := unsafe.String(unsafe.SliceData(s.buf), len(s.buf))
		o, e := own-s.base, end-s.base
		for e+s.base < s.length && !utf8.RuneStart(text[e]) {
			e++
		}
		batch = append(batch, piece{from: keptBack(text, o, s.margin), own: o, end: e, to: keptForward(text, e, s.margin)})
		own = e + s.base
	}
	return batch, nil
}

// head returns the bare levels of the document head, from the first window, and whether the
// head fits in it.
func (s *textStream) head() ([][2]int, bool) {
	text := unsafe.String(unsafe.SliceData(s.buf), len(s.buf))
	if len(s.buf) == s.length {
		return bareLevels(text, true), true
	}
	return bareLevelsUntil(text[:bytes.LastIndexByte(s.buf, '\n')+1], true)
}

// locate sets the line of each finding, in order of offset, and then counts the lines up to
// offset upto, past which the window may move.
func (s *textStream) locate(fs []Finding, upto int) {
	for i := range fs {
		s.countLines(fs[i].Offset)
		fs[i].Line = s.line
	}
	s.countLines(upto)
}

func (s *textStream) countLines(to int) {
	s.line += bytes.Count(s.buf[s.lineAt-s.base:to-s.base], []byte{'\n'})
	s.lineAt = to
}

// fill reads until the window reaches offset upto of the text. A text shorter than the first
// pass found is ErrMalformed: the file changed while it was read.
func (s *textStream) fill(upto int) error {
	for s.base+len(s.buf) < upto {
		if len(s.buf) == cap(s.buf) {
			s.buf = append(s.buf, 0)[:len(s.buf)]
		}
		n, err := s.r.Read(s.buf[len(s.buf):min(cap(s.buf), len(s.buf)+readChunk)])
		s.buf = s.buf[:len(s.buf)+n]
		if err == io.EOF && s.base+len(s.buf) < upto {
			return fmt.Errorf("%w: the file changed while it was being read", ErrMalformed)
		}
		if err != nil && err != io.EOF {
			return err
		}
	}
	return nil
}

// discard drops the window's bytes before offset from of the text, keeping the line count's.
func (s *textStream) discard(from int) {
	from = min(from, s.lineAt)
	if n := from - s.base; n > 0 {
		s.buf = s.buf[:copy(s.buf, s.buf[n:])]
		s.base = from
	}
}

// shifted returns spans moved by d.
func shifted(spans [][2]int, d int) [][2]int {
	out := make([][2]int, len(spans))
	for i, sp := range spans {
		out[i] = [2]int{sp[0] + d, sp[1] + d}
	}
	return out
}
