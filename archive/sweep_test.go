package archive

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"shendang.gov.cn/shendang/review"
)

// demoStore builds in dir, and closes, a store like a small bureau's after its first weeks:
// settings, a user per role (one disabled), the office's own lists, two items filed and boxed
// with a 备考, one waiting to be filed, one returned and resubmitted, one just proposed.
func demoStore(t testing.TB, dir string) {
	t.Helper()
	s, err := Open(dir)
	must(t, err)
	demoRecords(t, s)
	must(t, s.Close())
}

// sweepPassphrase is the passphrase of the encrypted demo store.
const sweepPassphrase = "正确的口令 correct horse"

// encryptedDemoStore is demoStore with a passphrase.
func encryptedDemoStore(t testing.TB, dir string) {
	t.Helper()
	s, err := Open(dir, Options{Passphrase: sweepPassphrase})
	must(t, err)
	demoRecords(t, s)
	must(t, s.Close())
}

// crashedDemoStore builds the demo store in a scratch directory and copies its files to dir
// while it is still open: what a power cut or a killed process leaves, the newest writes in
// the write-ahead log (.mem) rather than in tables.
func crashedDemoStore(t testing.TB, dir string) {
	t.Helper()
	live := filepath.Join(t.TempDir(), "live")
	s, err := Open(live)
	must(t, err)
	demoRecords(t, s)
	must(t, copyStoreFiles(live, dir))
	must(t, s.Close())
}

// demoRecords fills s as demoStore describes.
func demoRecords(t testing.TB, s *Office) {
	t.Helper()
	var err error
	o := setUpOffice(t, s)
	var filed []string
	for i := range 3 {
		d := seedDraft
		d.DocNumber = fmt.Sprintf("厦司〔2016〕%d号", 59+i)
		it := o.propose(t, d)
		o.through(t, it.ID)
		if i < 2 {
			_, err := o.FileItem("archivist", it.ID, FilingRequest{Year: 2016, Pages: 2 + i})
			must(t, err)
			filed = append(filed, it.ID)
		}
	}
	_, err = o.MakeBox("archivist", Box{Year: 2016, Retention: Permanent, Division: "BGS", First: 1, Last: 2, Spine: 20})
	must(t, err)
	must(t, o.AddNote("archivist", filed[0], "原件页码有误，已更正"))
	ret := o.propose(t, Draft{Title: "关于律师事务所年度检查考核的通知", DocNumber: "厦司〔2016〕70号", Author: "厦门市司法局",
		Division: "BGS", DocDate: "2016-07-02", Disclosure: Proactive, Category: "行政许可"})
	must(t, o.Decide("head", ret.ID, Review{Approve: false, Opinion: "请补充附件"}))
	must(t, o.Resubmit("drafter", ret.ID, SourceFile{Name: "通知（修改稿）.txt", Data: []byte("修改稿 revised")}, "已补充", nil))
	o.propose(t, Draft{Title: "2016年部门预算公开说明", Author: "厦门市司法局", Division: "BGS", DocDate: "2016-07-03", Disclosure: OnRequest})
	_, err = o.AddRuleTerms("admin", TermList, []review.Term{{Text: "专案组", Severity: review.Block}})
	must(t, err)
	u, err := o.GetUser("otherhead")
	must(t, err)
	u.Disabled = true
	must(t, o.UpdateUser("admin", *u, ""))
}

// A flip is one trial of the damage sweep: the byte at Offset of File is XORed with Mask.
type flip struct {
	File   string
	Offset int64
	Mask   byte
}

// flipResult is what the child process saw after one flip.
type flipResult struct {
	Flip      flip
	OpenErr   string   // Open refused the store
	Sentinel  string   // the kind of damage Open said, "" when it said something else
	Problems  []string // what Verify reported
	VerifyErr string
	Panic     string
	Changed   []string // live records that differ from the undamaged store's, or cannot be read
}

// Outcomes of a flip, as the sweep counts them.
const (
	outReported  = "reported"
	outRefused   = "refused, saying the damage"
	outRawRefuse = "refused, saying something else"
	outClean     = "clean, nothing changed"
	outCleanBad  = "clean, a live record changed"
	outPanic     = "panic or crash"
)

func (r flipResult) outcome() string {
	switch {
	case r.Panic != "":
		return outPanic
	case r.OpenErr != "" && r.Sentinel != "":
		return outRefused
	case r.OpenErr != "":
		return outRawRefuse
	case len(r.Problems) > 0 || r.VerifyErr != "":
		return outReported
	case len(r.Changed) > 0:
		return outCleanBad
	}
	return outClean
}

const damageChildEnv = "SHENDANG_DAMAGE_CHILD"

// TestDamageSweep flips single bytes in a copy of a closed demo store and opens and verifies
// each copy in a child process, so that a crash inside the engine is counted, not fatal. A
// flip must never crash and never leave a changed record that verifies clean. The normal
// suite tries a random sample (the seed is logged); SHENDANG_DAMAGE_SWEEP=full flips every
// byte of every file (DISCARD, a megabyte of mostly zeros, sampled), SHENDANG_DAMAGE_SWEEP=N
// tries N random places.
func TestDamageSweep(t *testing.T) {
	damageSweep(t, demoStore, "")
}

// TestDamageSweepCrashed is TestDamageSweep on a store copied while open.
func TestDamageSweepCrashed(t *testing.T) {
	damageSweep(t, crashedDemoStore, "")
}

// TestDamageSweepEncrypted is TestDamageSweep on a store with a passphrase.
func TestDamageSweepEncrypted(t *testing.T) {
	damageSweep(t, encryptedDemoStore, sweepPassphrase)
}

func damageSweep(t *testing.T, build func(testing.TB, string), passphrase string) {
	if os.Getenv(damageChildEnv) != "" {
		t.Skip("running as the child")
	}
	base := filepath.Join(t.TempDir(), "base")
	build(t, base)
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("SHENDANG_DAMAGE_SEED"), 10, 64); err == nil {
		seed = s
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	flips, err := planFlips(base, os.Getenv("SHENDANG_DAMAGE_SWEEP"), rng)
	must(t, err)
	t.Logf("seed %d (SHENDANG_DAMAGE_SEED), %d flips", seed, len(flips))
	results := runFlips(t, base, passphrase, flips)
	counts := map[string]int{}
	byFile := map[string]map[string]int{}
	for _, r := range results {
		o := r.outcome()
		counts[o]++
		if byFile[r.Flip.File] == nil {
			byFile[r.Flip.File] = map[string]int{}
		}
		if r.Sentinel != "" {
			o += " (" + r.Sentinel + ")"
		}
		byFile[r.Flip.File][o]++
		if o := r.outcome(); o == outPanic || o == outCleanBad || o == outRawRefuse {
			t.Errorf("%s at %d ^%#02x: %s: %s%s %v", r.Flip.File, r.Flip.Offset, r.Flip.Mask, o, r.Panic, r.OpenErr, r.Changed)
		}
	}
	for _, o := range []string{outReported, outRefused, outRawRefuse, outClean, outCleanBad, outPanic} {
		t.Logf("%-32s %d", o, counts[o])
	}
	files := make([]string, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		t.Logf("  %-12s %v", f, byFile[f])
	}
}

// planFlips chooses the places to flip in the store at base: how says "full" (every byte that
// holds data and the 64 after it, then every 997th byte of the zeros a file is sized with, or
// fewer, some 256 in a large file), a
// number of random places, or "" for the normal suite's sample of 40. Random places fall on
// the bytes that hold data, and two on each file anywhere.
func planFlips(base, how string, rng *rand.Rand) ([]flip, error) {
	entries, err := os.ReadDir(base)
	if err != nil {
		return nil, err
	}
	type file struct {
		name       string
		size, data int64 // data: the length up to the last byte that is not zero
	}
	var files []file
	var dataSize int64
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(base, e.Name()))
		if err != nil || len(b) == 0 {
			continue
		}
		f := file{name: e.Name(), size: int64(len(b)), data: int64(len(strings.TrimRight(string(b), "\x00")))}
		files = append(files, f)
		dataSize += f.data
	}
	mask := func() byte { return byte(1 + rng.IntN(255)) }
	var out []flip
	if how == "full" {
		for _, f := range files {
			stride := max(997, (f.size-f.data)/256) // at most some 256 flips in the zeros
			for off := int64(0); off < f.size; off++ {
				if off >= f.data+64 {
					off += stride - 1
					if off >= f.size {
						break
					}
				}
				out = append(out, flip{f.name, off, mask()})
			}
		}
		return out, nil
	}
	n := 40
	if v, err := strconv.Atoi(how); err == nil && v > 0 {
		n = v
	}
	for _, f := range files {
		for range 2 {
			out = append(out, flip{f.name, rng.Int64N(f.size), mask()})
		}
	}
	for len(out) < n && dataSize > 0 {
		at := rng.Int64N(dataSize)
		for _, f := range files {
			if at < f.data {
				out = append(out, flip{f.name, at, mask()})
				break
			}
			at -= f.data
		}
	}
	return out, nil
}

// runFlips runs the flips in child processes, restarting the child after a crash or a hang,
// and returns one result per flip.
func runFlips(t *testing.T, base, passphrase string, flips []flip) []flipResult {
	work := t.TempDir()
	plan := filepath.Join(work, "flips.json")
	b, err := json.Marshal(flips)
	must(t, err)
	must(t, os.WriteFile(plan, b, 0o600))
	want := filepath.Join(work, "want.json")
	dump, err := dumpCopy(base, filepath.Join(work, "want"), passphrase)
	must(t, err)
	b, _ = json.Marshal(dump)
	must(t, os.WriteFile(want, b, 0o600))

	results := make([]flipResult, 0, len(flips))
	for next := 0; next < len(flips); {
		cmd := exec.Command(os.Args[0], "-test.run=^TestDamageChild$")
		cmd.Env = append(os.Environ(), damageChildEnv+"="+strings.Join([]string{base, plan, want, strconv.Itoa(next), passphrase}, "\n"))
		out, err := cmd.StdoutPipe()
		must(t, err)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		must(t, cmd.Start())
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(out)
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		started := -1
		timeout := time.NewTimer(time.Minute)
	read:
		for {
			select {
			case line, ok := <-lines:
				if !ok {
					break read
				}
				if n, found := strings.CutPrefix(line, "START "); found {
					started, _ = strconv.Atoi(n)
					timeout.Reset(time.Minute)
				}
				if js, found := strings.CutPrefix(line, "RESULT "); found {
					var r flipResult
					must(t, json.Unmarshal([]byte(js), &r))
					results = append(results, r)
					next = started + 1
				}
			case <-timeout.C:
				_ = cmd.Process.Kill()
				for range lines {
				}
				break read
			}
		}
		_ = cmd.Wait()
		if next < len(flips) && started == next { // the child died inside this flip
			msg := stderr.String()
			if i := strings.Index(msg, "panic"); i >= 0 {
				msg = msg[i:]
			}
			results = append(results, flipResult{Flip: flips[next], Panic: "crashed: " + firstLines(msg, 3)})
			next++
		} else if next < len(flips) && started < next {
			t.Fatalf("the child stopped before flip %d:\n%s", next, stderr.String())
		}
	}
	return results
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], " | ")
}

// TestDamageChild is the process TestDamageSweep runs: for each flip from the one it is
// given, it copies the base store, flips the byte, opens and verifies the copy, reads every
// live record and prints the result.
func TestDamageChild(t *testing.T) {
	env := os.Getenv(damageChildEnv)
	if env == "" {
		t.Skip("only run by TestDamageSweep")
	}
	args := strings.Split(env, "\n")
	base, plan, wantFile, passphrase := args[0], args[1], args[2], args[4]
	from, _ := strconv.Atoi(args[3])
	var flips []flip
	b, err := os.ReadFile(plan)
	must(t, err)
	must(t, json.Unmarshal(b, &flips))
	var want map[string]string
	b, err = os.ReadFile(wantFile)
	must(t, err)
	must(t, json.Unmarshal(b, &want))
	scratch := t.TempDir()
	tmpl, err := readTemplate(base)
	must(t, err)
	for i := from; i < len(flips); i++ {
		fmt.Printf("START %d\n", i)
		dir := filepath.Join(scratch, strconv.Itoa(i))
		must(t, tmpl.write(dir))
		must(t, flipByte(filepath.Join(dir, flips[i].File), flips[i].Offset, flips[i].Mask))
		r := tryFlip(dir, passphrase, want)
		r.Flip = flips[i]
		js, _ := json.Marshal(r)
		fmt.Printf("RESULT %s\n", js)
		_ = os.RemoveAll(dir)
	}
}

// tryFlip opens and verifies the damaged store in dir and compares its live records with want.
func tryFlip(dir, passphrase string, want map[string]string) (r flipResult) {
	defer func() {
		if p := recover(); p != nil {
			r.Panic = fmt.Sprint(p)
		}
	}()
	s, err := Open(dir, Options{Passphrase: passphrase})
	if err != nil {
		r.OpenErr = err.Error()
		// A flipped byte is damage and must be said as such: not a wrong passphrase, not a
		// store in use, not another version's store.
		var de *DamageError
		if errors.As(err, &de) {
			r.Sentinel = de.Problem.Kind
		}
		return r
	}
	defer s.Close()
	rep, err := s.Verify(context.Background(), nil)
	if err != nil {
		r.VerifyErr = err.Error()
	}
	if rep != nil {
		for _, p := range rep.Problems {
			r.Problems = append(r.Problems, p.String())
		}
	}
	got, err := dumpStore(s)
	if err != nil {
		r.Changed = append(r.Changed, "cannot read: "+err.Error())
	}
	for k, v := range want {
		if got[k] != v {
			r.Changed = append(r.Changed, k)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			r.Changed = append(r.Changed, k+" (new)")
		}
	}
	sort.Strings(r.Changed)
	return r
}

// dumpStore returns a digest of every live record, by key.
func dumpStore(s *Office) (map[string]string, error) {
	out := map[string]string{}
	err := s.view(func(txn kvReader) error {
		return txn.scan(keyRange{}, func(key, value []byte) (bool, error) {
			sum := sha256.Sum256(value)
			out[string(key)] = hex.EncodeToString(sum[:8])
			return true, nil
		})
	})
	return out, err
}

// dumpCopy copies the store at base to dir and dumps its live records.
func dumpCopy(base, dir, passphrase string) (map[string]string, error) {
	if err := copyStoreFiles(base, dir); err != nil {
		return nil, err
	}
	s, err := Open(dir, Options{Passphrase: passphrase})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return dumpStore(s)
}

// template is a store's files held in memory without the zeros they end in.
type template map[string]struct {
	data []byte
	size int64
}

func readTemplate(dir string) (template, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	t := template{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		t[e.Name()] = struct {
			data []byte
			size int64
		}{[]byte(strings.TrimRight(string(b), "\x00")), int64(len(b))}
	}
	return t, nil
}

// write makes a copy of the store in dir, the zeros at the end of each file a hole.
func (t template) write(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	for name, f := range t {
		if err := os.WriteFile(filepath.Join(dir, name), f.data, 0o600); err != nil {
			return err
		}
		if err := os.Truncate(filepath.Join(dir, name), f.size); err != nil {
			return err
		}
	}
	return nil
}

// copyStoreFiles copies the files of a store, leaving runs of zeros as holes.
func copyStoreFiles(from, to string) error {
	if err := os.MkdirAll(to, 0o700); err != nil {
		return err
	}
	entries, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		if err := copySparse(filepath.Join(from, e.Name()), filepath.Join(to, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

func copySparse(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	buf := make([]byte, 64<<10)
	var off int64
	for {
		n, err := in.Read(buf)
		if n > 0 {
			if strings.Trim(string(buf[:n]), "\x00") != "" {
				if _, err := out.WriteAt(buf[:n], off); err != nil {
					out.Close()
					return err
				}
			}
			off += int64(n)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			out.Close()
			return err
		}
	}
	if err := out.Truncate(off); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func flipByte(path string, off int64, mask byte) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	b := []byte{0}
	if _, err := f.ReadAt(b, off); err != nil {
		return err
	}
	b[0] ^= mask
	_, err = f.WriteAt(b, off)
	return err
}
