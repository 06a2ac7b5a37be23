package archive

import (
	"io"
	"testing"
)

func TestAuditCoversEveryAction(t *testing.T) {
	o := newOffice(t)
	it := o.propose(t, seedDraft)
	o.through(t, it.ID)
	_, err := o.FileItem("archivist", it.ID, FilingRequest{Year: 2016, Pages: 1})
	must(t, err)
	must(t, o.AddNote("archivist", it.ID, "备考"))
	_, err = o.Authenticate("office", "password-1")
	must(t, err)
	must(t, o.Backup(io.Discard, "admin"))
	entries, err := o.Audit(1, 10000)
	must(t, err)
	actions := map[string]bool{}
	for _, e := range entries {
		actions[e.Action] = true
	}
	for _, a := range []string{"user", "settings", "import", "decision", "filing", "note", "login", "backup"} {
		if !actions[a] {
			t.Errorf("no %q entry in the audit log; actions %v", a, actions)
		}
	}
}
