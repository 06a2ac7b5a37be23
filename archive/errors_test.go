package archive

import (
	"strings"
	"testing"
	"unicode"
)

// TestErrorsSpeakChinese: what a person meets from the domain is a Chinese sentence.
func TestErrorsSpeakChinese(t *testing.T) {
	o := newOffice(t)
	it := o.propose(t, seedDraft)
	_, badDraft := o.Propose("drafter", Draft{}, SourceFile{Name: "a.txt", Data: []byte("x")}, "")
	_, badFiling := o.FileItem("archivist", it.ID, FilingRequest{})
	for _, err := range []error{
		o.Decide("head", it.ID, Review{}),
		o.Decide("drafter", it.ID, Review{Approve: true}),
		o.Decide("otherhead", it.ID, Review{Approve: true}),
		o.Publish("office", it.ID, Publication{Channels: []string{"门户网站"}, Date: "2016-07-01", URL: "ftp://x"}),
		o.Publish("office", it.ID, Publication{Channels: []string{"门户网站"}, Date: "2016-07-01"}),
		badDraft, badFiling,
		o.CreateUser("admin", User{Name: "X Y", FullName: "x", Roles: []Role{RoleDrafter}}, "password-1"),
		o.SaveSettings("admin", Settings{FondsName: "x", FondsCode: "z1"}),
		o.AddNote("archivist", it.ID, "备考"),
	} {
		msg, ok := Message(err)
		if !ok || !strings.ContainsFunc(msg, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("%v: no Chinese message (%q)", err, msg)
		}
	}
}
