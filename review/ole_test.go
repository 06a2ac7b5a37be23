package review

import (
	"bytes"
	"encoding/binary"
	"errors"
	"path/filepath"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// cfbOf writes a compound file (version 3, 512-byte sectors) holding the given streams at its
// root, in order: sector 0 is the FAT, sector 1 the directory, then each stream's sectors. A
// stream is padded to 4096 bytes, the size under which it would have to live in the mini
// stream; at most three streams and 63 KB fit this layout. Office writes such a file as
// oleObject1.bin; no producer on this machine does, so the tests build it.
func cfbOf(tb testing.TB, streams ...struct {
	name string
	data []byte
}) []byte {
	tb.Helper()
	const sector, endOfChain, freeSect, fatSect, noStream = 512, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
	le := binary.LittleEndian
	fat := []uint32{fatSect, endOfChain}
	dir := make([]byte, sector)
	entry := func(i int, name string, typ byte, child, right, start uint32, size int) {
		e := dir[i*128 : (i+1)*128]
		u := utf16.Encode([]rune(name))
		for k, c := range u {
			le.PutUint16(e[2*k:], c)
		}
		le.PutUint16(e[64:], uint16(2*len(u)+2))
		e[66], e[67] = typ, 1
		le.PutUint32(e[68:], noStream)
		le.PutUint32(e[72:], right)
		le.PutUint32(e[76:], child)
		le.PutUint32(e[116:], start)
		le.PutUint64(e[120:], uint64(size))
	}
	if len(streams) > 3 {
		tb.Fatal("cfbOf: at most three streams")
	}
	var data []byte
	for i, s := range streams {
		body := append([]byte{}, s.data...)
		if len(body) < 4096 {
			body = append(body, make([]byte, 4096-len(body))...)
		}
		start := uint32(len(fat))
		n := (len(body) + sector - 1) / sector
		for k := range n {
			next := start + uint32(k) + 1
			if k == n-1 {
				next = endOfChain
			}
			fat = append(fat, next)
		}
		right := uint32(noStream)
		if i+2 <= len(streams) {
			right = uint32(i + 2)
		}
		entry(i+1, s.name, 2, noStream, right, start, len(body))
		data = append(data, body...)
		data = append(data, make([]byte, n*sector-len(body))...)
	}
	entry(0, "Root Entry", 5, 1, noStream, endOfChain, 0)
	for i := len(streams) + 1; i < 4; i++ {
		le.PutUint32(dir[i*128+68:], noStream)
		le.PutUint32(dir[i*128+72:], noStream)
		le.PutUint32(dir[i*128+76:], noStream)
	}
	if len(fat) > sector/4 {
		tb.Fatal("cfbOf: the streams need more than one FAT sector")
	}
	head := make([]byte, sector)
	copy(head, oleMagic)
	le.PutUint16(head[24:], 0x3E)
	le.PutUint16(head[26:], 3)
	le.PutUint16(head[28:], 0xFFFE)
	le.PutUint16(head[30:], 9)
	le.PutUint16(head[32:], 6)
	le.PutUint32(head[44:], 1) // FAT sectors
	le.PutUint32(head[48:], 1) // the directory's sector
	le.PutUint32(head[56:], 4096)
	le.PutUint32(head[60:], endOfChain)
	le.PutUint32(head[68:], endOfChain)
	for i := 76; i < sector; i += 4 {
		le.PutUint32(head[i:], freeSect)
	}
	le.PutUint32(head[76:], 0) // the FAT is sector 0
	fatBytes := make([]byte, sector)
	for i := range sector / 4 {
		v := uint32(freeSect)
		if i < len(fat) {
			v = fat[i]
		}
		le.PutUint32(fatBytes[4*i:], v)
	}
	return bytes.Join([][]byte{head, fatBytes, dir, data}, nil)
}

// ole10Native builds an Ole10Native stream: a file inserted as an object under label, from
// path, with its data.
func ole10Native(label, path []byte, data []byte) []byte {
	var b bytes.Buffer
	le := binary.LittleEndian
	b.Write([]byte{0, 0, 0, 0, 2, 0})
	b.Write(append(label, 0))
	b.Write(append(path, 0))
	b.Write([]byte{0, 0, 3, 0})
	temp := append(append([]byte{}, path...), 0)
	b.Write(le.AppendUint32(nil, uint32(len(temp))))
	b.Write(temp)
	b.Write(le.AppendUint32(nil, uint32(len(data))))
	b.Write(data)
	out := b.Bytes()
	le.PutUint32(out, uint32(len(out)-4))
	return out
}

func gbk(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestParseOle10Native(t *testing.T) {
	data := []byte("350203198506150492")
	full := ole10Native(gbk(t, "补贴名单.xlsx"), []byte(`C:\Users\张\补贴名单.xlsx`), data)
	tests := []struct {
		name     string
		in       []byte
		wantName string
		wantErr  error
	}{
		{"label in GBK", full, "补贴名单.xlsx", nil},
		{"no label: the path's last element", ole10Native(nil, []byte(`C:\tmp\a.pdf`), data), "a.pdf", nil},
		{"too short", []byte{1, 2, 3}, "", ErrMalformed},
		{"label without end", append([]byte{0, 0, 0, 0, 2, 0}, "abc"...), "", ErrMalformed},
		{"data past the end", full[:len(full)-3], "", ErrMalformed},
		{"no temporary path", full[:6+len(gbk(t, "补贴名单.xlsx"))+1+len(`C:\Users\张\补贴名单.xlsx`)+1+2], "", ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, got, err := parseOle10Native(tt.in)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if err == nil && (name != tt.wantName || !bytes.Equal(got, data)) {
				t.Errorf("got %q, %q; want %q, %q", name, got, tt.wantName, data)
			}
		})
	}
}

// TestCheckOLEPackage: a workbook inserted into a Word letter as a packaged object, the way
// Word does it, is read through its Ole10Native stream.
func TestCheckOLEPackage(t *testing.T) {
	book := mustReadFile(t, filepath.Join("testdata", "book.xlsx"))
	bin := cfbOf(t, struct {
		name string
		data []byte
	}{"\x01Ole10Native", ole10Native(gbk(t, "补贴名单.xlsx"), []byte(`C:\补贴名单.xlsx`), book)})
	docx := zipOf(t, map[string]string{
		"word/document.xml":              `<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>关于发放补贴的通知</w:t></w:r></w:p></w:body></w:document>`,
		"word/embeddings/oleObject1.bin": string(bin),
	})
	_, found, err := NewReader().CheckBytes(t.Context(), NewRuleSet(nil, nil), "通知.docx", docx)
	if err != nil {
		t.Fatal(err)
	}
	want := "嵌入对象 oleObject1.bin › 补贴名单.xlsx › 补贴名单!C2"
	for _, f := range found {
		if f.Rule == "id-card" && f.Match == "350203198506150492" && f.Where() == want {
			return
		}
	}
	t.Errorf("no ID at %s; got %v", want, wheres(found))
}

func FuzzParseOle10Native(f *testing.F) {
	f.Add(ole10Native([]byte("a.xlsx"), []byte(`C:\a.xlsx`), []byte("PK")))
	f.Add([]byte{0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 255, 255, 255, 255})
	f.Fuzz(func(t *testing.T, data []byte) {
		name, content, err := parseOle10Native(data)
		if err == nil && len(content) > len(data) {
			t.Fatalf("%d bytes of content from %d", len(content), len(data))
		}
		if err != nil && (name != "" || content != nil) {
			t.Fatalf("error %v with a result", err)
		}
	})
}

func FuzzReadOLE(f *testing.F) {
	f.Add(cfbOf(f, struct {
		name string
		data []byte
	}{"\x01Ole10Native", ole10Native([]byte("a.txt"), []byte(`C:\a.txt`), []byte("秘密★1年"))}))
	f.Fuzz(func(t *testing.T, data []byte) {
		docx := zipOf(t, map[string]string{
			"word/document.xml":              `<w:document xmlns:w="w"><w:body><w:p/></w:body></w:document>`,
			"word/embeddings/oleObject1.bin": string(data),
		})
		checkRead(t, "fuzz.docx", docx)
	})
}
