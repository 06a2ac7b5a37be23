package main

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// TestPublishForm: 登记公开 starts with the channels proposed and today's date in the office's
// zone (half past eleven at night in UTC is already the next morning in Beijing); an address that
// is not a web address is refused with a Chinese reason and the item stays 待公开; a good one
// moves it to 待建档.
func TestPublishForm(t *testing.T) {
	s := busyOffice(t)
	rv := newTestReviewView(t)
	u, _ := s.GetUser("office")
	q := newQueueView(rv.win, s, u, rv)
	q.now = func() time.Time { return time.Date(2016, 7, 1, 23, 30, 0, 0, time.UTC) }
	if err := q.refresh(); err != nil {
		t.Fatal(err)
	}
	taskNamed(t, q, "待公开")
	id := q.task().Item.ID
	test.Tap(q.publish)
	f := q.publishing
	if f == nil || f.date.Text != "2016-07-02" {
		t.Fatalf("the 公开 form: %+v", f)
	}
	test.Type(f.url, "sfj.xm.gov.cn/x.htm")
	tapButton(t, rv.win.Canvas(), "记录公开")
	if !strings.Contains(shown(rv.win.Canvas()), "应是以http://或https://开头的网址") {
		t.Errorf("a bad address: %s", shown(rv.win.Canvas()))
	}
	closeTop(rv.win.Canvas())
	if it, _ := s.Item(id); it.State != archive.StatePublish {
		t.Fatalf("a bad address was recorded: %s", it.State.Label())
	}
	test.Tap(q.publish)
	q.publishing.url.SetText("")
	test.Type(q.publishing.url, "http://sfj.xm.gov.cn/x.htm")
	tapButton(t, rv.win.Canvas(), "记录公开")
	it, _ := s.Item(id)
	if it.State != archive.StateFile || it.Publication.URL != "http://sfj.xm.gov.cn/x.htm" || !strings.Contains(q.notice.Text, "已登记公开") {
		t.Errorf("after 公开: %s %+v, notice %q", it.State.Label(), it.Publication, q.notice.Text)
	}
}

// TestPublishFormKeys: the 公开 form is filled from the keyboard: an emptied date field asks
// for 年-月-日 in Chinese, and Enter in the address records the publication.
func TestPublishFormKeys(t *testing.T) {
	s := busyOffice(t)
	rv := newTestReviewView(t)
	u, _ := s.GetUser("office")
	q := newQueueView(rv.win, s, u, rv)
	if err := q.refresh(); err != nil {
		t.Fatal(err)
	}
	taskNamed(t, q, "待公开")
	id := q.task().Item.ID
	test.Tap(q.publish)
	f := q.publishing
	if f == nil {
		t.Fatal("登记公开… opened no form")
	}
	for _, e := range []*widget.Entry{f.date, f.url} {
		if w := englishRe.FindString(e.PlaceHolder); w != "" && !latinAllowed[w] {
			t.Errorf("an empty field of the 公开 form asks %q", e.PlaceHolder)
		}
	}
	test.Type(f.url, "http://sfj.xm.gov.cn/x.htm")
	f.url.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if it, _ := s.Item(id); it.State != archive.StateFile || !strings.Contains(q.notice.Text, "已登记公开") {
		t.Errorf("Enter in the address: %s, notice %q, %s", it.State.Label(), q.notice.Text, shown(rv.win.Canvas()))
	}
	if rv.win.Canvas().Overlays().Top() != nil {
		t.Errorf("the form stays open after Enter: %s", shown(rv.win.Canvas()))
	}
}
