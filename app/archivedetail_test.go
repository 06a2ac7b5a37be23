package main

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestArchiveDetail: what the archivist reads beside the table, before and after 建档.
func TestArchiveDetail(t *testing.T) {
	s := publishedOffice(t, archiveTitles[0])
	v := newTestArchiveView(t, s, "archivist")
	v.state.SetSelected(statePending)
	if got, want := v.detail.Text, "选择一件查看其著录项、审查经过和固定性校验值"; got != want {
		t.Errorf("nothing selected: got %q, want %q", got, want)
	}
	v.table.Select(cellAt(0, 0))
	tests := []struct {
		name, want string
	}{
		{"title", archiveTitles[0] + "\n"},
		{"particulars", "文号：厦司〔2016〕1号\n责任者：厦门市司法局\n成文日期：2016-06-29\n"},
		{"publication", "公开：门户网站 2016-07-01"},
		{"revision", "第 1 稿 文件.txt（"},
		{"who proposed it, by full name", "，王五）\nSHA-256 "},
		{"fixity", "\nSM3 "},
		{"the review trail by full name", "陈局长"},
	}
	for _, tt := range tests {
		if !strings.Contains(v.detail.Text, tt.want) {
			t.Errorf("pending, %s: got\n%s\nwant it to contain %q", tt.name, v.detail.Text, tt.want)
		}
	}
	if strings.Contains(v.detail.Text, "档号：") || strings.Contains(v.detail.Text, "leader") {
		t.Errorf("pending: got\n%s\nwant no 档号 and no sign-in names", v.detail.Text)
	}

	test.Tap(v.fileOne)
	tapButton(t, v.win.Canvas(), "建档")
	for _, want := range []string{"档号：Z109-WS·2016-Y-BGS-0001\n", "件号 0001", "建档：林六 "} {
		if !strings.Contains(v.detail.Text, want) {
			t.Errorf("filed: got\n%s\nwant it to contain %q", v.detail.Text, want)
		}
	}
}

// TestArchiveAddNote: 添加备考 adds what is typed, trimmed, and shows it; a blank note adds nothing.
func TestArchiveAddNote(t *testing.T) {
	s := publishedOffice(t, archiveTitles[0])
	v := newTestArchiveView(t, s, "archivist")
	v.state.SetSelected(statePending)
	v.table.Select(cellAt(0, 0))
	test.Tap(v.fileOne)
	tapButton(t, v.win.Canvas(), "建档")
	id := v.selected.ID
	tests := []struct {
		typed string
		notes int
	}{
		{"   ", 0},
		{"  原件第3页有手写批注。 ", 1},
		{"已与原件核对。", 2},
	}
	for _, tt := range tests {
		v.note.SetText("")
		test.Type(v.note, tt.typed)
		test.Tap(v.addNote)
		notes, err := s.Notes(id)
		if err != nil || len(notes) != tt.notes {
			t.Fatalf("after %q: got %d notes, %v; want %d", tt.typed, len(notes), err, tt.notes)
		}
	}
	if got := v.note.Text; got != "" {
		t.Errorf("got %q left in the note field, want it cleared", got)
	}
	if got := v.message.Text; got != "已添加备考。" {
		t.Errorf("got message %q, want 已添加备考。", got)
	}
	if !strings.Contains(v.detail.Text, "\n备考：\n") || !strings.Contains(v.detail.Text, "林六：原件第3页有手写批注。\n") ||
		!strings.Contains(v.detail.Text, "林六：已与原件核对。\n") {
		t.Errorf("got detail\n%s\nwant both notes under 备考 by 林六, trimmed", v.detail.Text)
	}
}
