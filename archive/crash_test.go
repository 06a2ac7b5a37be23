package archive

import (
	"bufio"
	"errors"
	"math/rand"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// TestCrashDuringFiling kills a filing process with SIGKILL at random moments, several rounds,
// and checks after each that the store verifies clean (no 件号 gap or duplicate) and holds
// every filing the process had acknowledged.
func TestCrashDuringFiling(t *testing.T) {
	if os.Getenv("SHENDANG_CRASH_DIR") != "" {
		t.Skip("running as the child")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	acked := map[string]bool{}
	for round := 1; round <= 5; round++ {
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
		// Kill at a random moment once the child is filing (setup can be slow under -race).
		var deadline <-chan time.Time
		setup := time.After(2 * time.Minute)
	read:
		for {
			select {
			case line, ok := <-lines:
				if !ok {
					break read
				}
				if line == "READY" {
					deadline = time.After(time.Duration(200+rng.Intn(1000)) * time.Millisecond)
				}
				if code, found := strings.CutPrefix(line, "FILED "); found {
					acked[code] = true
				}
			case <-setup:
				if deadline == nil {
					_ = cmd.Process.Kill()
					t.Fatalf("round %d: the child did not finish its setup", round)
				}
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
		must(t, err)
		if p := problems(t, s); p != "" {
			t.Fatalf("round %d: verify after SIGKILL:\n%s", round, p)
		}
		for code := range acked {
			if _, _, _, _, _, err := ParseArchivalCode(code); err != nil {
				t.Fatalf("acknowledged %q", code)
			}
			var missing error
			_ = s.db.View(func(txn *badger.Txn) error {
				if _, err := txn.Get(keyFiled(code)); err != nil {
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

// TestCrashChild is the process TestCrashDuringFiling kills: it sets up an office in the
// directory (once) and files items until it is killed, printing FILED <档号> after each.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv("SHENDANG_CRASH_DIR")
	if dir == "" {
		t.Skip("only run by TestCrashDuringFiling")
	}
	s, err := Open(dir)
	must(t, err)
	o := &office{BadgerStore: s}
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
	for {
		it := o.propose(t, seedDraft)
		o.through(t, it.ID)
		f, err := o.FileItem("archivist", it.ID, FilingRequest{Year: 2016, Pages: 1})
		must(t, err)
		os.Stdout.WriteString("FILED " + f.Code + "\n")
	}
}
