package archive

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCrashDuringFiling kills a filing process with SIGKILL, several rounds, and checks after
// each that the store opens at the first try, verifies clean (no 件号 gap or duplicate) and
// holds every filing the process had acknowledged. Odd rounds kill at a random moment; even
// rounds kill the moment Badger creates a new memtable file (the child's large drafts fill
// one every few seconds), which once left the store unable to open until a second try.
func TestCrashDuringFiling(t *testing.T) {
	if os.Getenv("SHENDANG_CRASH_DIR") != "" {
		t.Skip("running as the child")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	acked := map[string]bool{}
	for round := 1; round <= 6; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v")
		cmd.Env = append(os.Environ(), "SHENDANG_CRASH_DIR="+dir)
		out, err := cmd.StdoutPipe()
		must(t, err)
		must(t, cmd.Start())
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Kill at a random moment once the child is filing (setup can be slow under -race), or
		// when a memtable file appears that was not there when it started.
		var deadline <-chan time.Time
		setup := time.After(2 * time.Minute)
		var rotated chan struct{}
	read:
		for {
			select {
			case line, ok := <-lines:
				if !ok {
					break read
				}
				if line == "READY" && round%2 == 1 {
					deadline = time.After(time.Duration(200+rng.Intn(1000)) * time.Millisecond)
				}
				if line == "READY" && round%2 == 0 {
					rotated = make(chan struct{})
					go watchNewMemtable(dir, rotated, 20*time.Second)
					deadline = time.After(20 * time.Second) // no new memtable by then: kill anyway
				}
				if code, found := strings.CutPrefix(line, "FILED "); found {
					acked[code] = true
				}
			case <-setup:
				if deadline == nil {
					_ = cmd.Process.Kill()
					t.Fatalf("round %d: the child did not finish its setup", round)
				}
			case <-rotated:
				must(t, cmd.Process.Signal(syscall.SIGKILL))
				t.Logf("round %d: killed as a memtable file appeared", round)
				for line := range lines {
					if code, found := strings.CutPrefix(line, "FILED "); found {
						acked[code] = true
					}
				}
				break read
			case <-deadline:
				must(t, cmd.Process.Signal(syscall.SIGKILL))
				for line := range lines { // what was written before the kill was acknowledged
					if code, found := strings.CutPrefix(line, "FILED "); found {
						acked[code] = true
					}
				}
				break read
			}
		}
		_ = cmd.Wait()

		s, err := Open(dir)
		if err != nil {
			t.Fatalf("round %d: the first open after SIGKILL: %v", round, err)
		}
		if p := problems(t, s); p != "" {
			t.Fatalf("round %d: verify after SIGKILL:\n%s", round, p)
		}
		for code := range acked {
			if _, _, _, _, _, err := ParseArchivalCode(code); err != nil {
				t.Fatalf("acknowledged %q", code)
			}
			var missing error
			_ = s.view(func(txn kvReader) error {
				if _, err := txn.get(keyFiled(code)); err != nil {
					missing = err
				}
				return nil
			})
			if missing != nil {
				t.Fatalf("round %d: acknowledged filing %s lost: %v", round, code, missing)
			}
		}
		must(t, s.Close())
		t.Logf("round %d: %d filings acknowledged so far", round, len(acked))
	}
	if len(acked) == 0 {
		t.Fatal("the child never filed anything")
	}
}

// watchNewMemtable signals on found when a .mem file appears in dir that was not there when
// it started watching, or gives up after limit.
func watchNewMemtable(dir string, found chan<- struct{}, limit time.Duration) {
	mems := func() map[string]bool {
		m := map[string]bool{}
		names, _ := filepath.Glob(filepath.Join(dir, "*.mem"))
		for _, n := range names {
			m[n] = true
		}
		return m
	}
	before := mems()
	for end := time.Now().Add(limit); time.Now().Before(end); time.Sleep(200 * time.Microsecond) {
		for n := range mems() {
			if !before[n] {
				close(found)
				return
			}
		}
	}
}

// TestCrashChild is the process TestCrashDuringFiling kills: it sets up an office in the
// directory (once) and files items until it is killed, printing FILED <档号> after each.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv("SHENDANG_CRASH_DIR")
	if dir == "" {
		t.Skip("only run by TestCrashDuringFiling")
	}
	s, err := Open(dir)
	must(t, err)
	o := &office{Office: s}
	// Set up what an earlier, killed child did not finish: each step is its own transaction.
	if has, _ := s.HasUsers(); !has {
		must(t, s.CreateUser("", User{Name: "admin", FullName: "管理员", Roles: []Role{RoleAdmin}}, "admin-password"))
	}
	if st, _ := s.Settings(); st.FondsCode == "" {
		must(t, s.SaveSettings("admin", Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []Division{{"BGS", "办公室"}}}))
	}
	{
		for _, u := range []User{
			{Name: "drafter", FullName: "王五", Roles: []Role{RoleDrafter}, Division: "BGS"},
			{Name: "head", FullName: "李处长", Roles: []Role{RoleDivisionHead}, Division: "BGS"},
			{Name: "office", FullName: "张三", Roles: []Role{RoleOffice}},
			{Name: "leader", FullName: "陈局长", Roles: []Role{RoleLeader}},
			{Name: "archivist", FullName: "林六", Roles: []Role{RoleArchivist}},
		} {
			if err := s.CreateUser("admin", u, "password-1"); err != nil && !errors.Is(err, ErrInvalid) {
				t.Fatal(err)
			}
		}
	}
	os.Stdout.WriteString("READY\n")
	large := []byte(strings.Repeat("政务公开工作实施方案 ", 20000)) // some 300 kB: a memtable fills in a few seconds
	for n := 0; ; n++ {
		it := o.propose(t, seedDraft)
		o.through(t, it.ID)
		f, err := o.FileItem("archivist", it.ID, FilingRequest{Year: 2016, Pages: 1})
		must(t, err)
		os.Stdout.WriteString("FILED " + f.Code + "\n")
		_, err = o.Propose("drafter", seedDraft, SourceFile{Name: "附件.txt", Data: append(large, fmt.Sprint(n)...)}, "")
		must(t, err)
	}
}
