// Command mkofd writes sample.ofd, an OFD document (GB/T 33190-2016) for the reader's tests:
// two pages sharing a template page with a running head, text on page 1, only an image on
// page 2, and DocInfo; and scan.ofd, a scanner's OFD: one page whose only content is the image
// scan-mark.png (mkscans.sh), a MultiMedia resource of DocumentRes.xml. No Debian package writes
// OFD, so the package is assembled here from its XML parts, laid out as the standard's examples
// are. Run it from review/testdata, after mkscans.sh.
package main

import (
	"archive/zip"
	"log"
	"os"
	"time"
)

const ns = `xmlns:ofd="http://www.ofdspec.org/2016"`

var parts = []struct{ name, body string }{
	{"OFD.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD ` + ns + ` Version="1.0" DocType="OFD">
  <ofd:DocBody>
    <ofd:DocInfo>
      <ofd:DocID>5f0b6a1e8c2d4c3b9a7e6d5c4b3a2910</ofd:DocID>
      <ofd:Title>关于印发政务公开工作实施方案的通知</ofd:Title>
      <ofd:Author>厦门市司法局办公室</ofd:Author>
      <ofd:CreationDate>2016-06-30</ofd:CreationDate>
      <ofd:Creator>shendang mkofd</ofd:Creator>
    </ofd:DocInfo>
    <ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>
  </ofd:DocBody>
</ofd:OFD>`},
	{"Doc_0/Document.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:Document ` + ns + `>
  <ofd:CommonData>
    <ofd:MaxUnitID>20</ofd:MaxUnitID>
    <ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>
    <ofd:PublicRes>PublicRes.xml</ofd:PublicRes>
    <ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/>
  </ofd:CommonData>
  <ofd:Pages>
    <ofd:Page ID="3" BaseLoc="Pages/Page_0/Content.xml"/>
    <ofd:Page ID="4" BaseLoc="/Doc_0/Pages/Page_1/Content.xml"/>
  </ofd:Pages>
</ofd:Document>`},
	{"Doc_0/PublicRes.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:Res ` + ns + ` BaseLoc="Res">
  <ofd:Fonts><ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts>
</ofd:Res>`},
	{"Doc_0/Tpls/Tpl_0/Content.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page ` + ns + `>
  <ofd:Content>
    <ofd:Layer ID="5">
      <ofd:TextObject ID="6" Boundary="20 10 170 8" Font="1" Size="4.2">
        <ofd:TextCode X="0" Y="6">政务公开专用页眉</ofd:TextCode>
      </ofd:TextObject>
    </ofd:Layer>
  </ofd:Content>
</ofd:Page>`},
	{"Doc_0/Pages/Page_0/Content.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page ` + ns + `>
  <ofd:Template TemplateID="2" ZOrder="Background"/>
  <ofd:Content>
    <ofd:Layer ID="7">
      <ofd:TextObject ID="8" Boundary="25 30 160 10" Font="1" Size="5.6">
        <ofd:TextCode X="0" Y="8" DeltaX="g 5 5.6">厦司〔2016〕59号</ofd:TextCode>
      </ofd:TextObject>
      <ofd:TextObject ID="9" Boundary="25 45 160 10" Font="1" Size="4.2">
        <ofd:TextCode X="0" Y="6">内部</ofd:TextCode>
        <ofd:TextCode X="9" Y="6">资料</ofd:TextCode>
      </ofd:TextObject>
      <ofd:TextObject ID="10" Boundary="25 60 160 10" Font="1" Size="4.2">
        <ofd:TextCode X="0" Y="6">严格执行信息公开保密审查制度。</ofd:TextCode>
      </ofd:TextObject>
    </ofd:Layer>
  </ofd:Content>
</ofd:Page>`},
	{"Doc_0/Pages/Page_1/Content.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page ` + ns + `>
  <ofd:Template TemplateID="2" ZOrder="Background"/>
  <ofd:Content>
    <ofd:Layer ID="11">
      <ofd:ImageObject ID="12" Boundary="0 0 210 297" CTM="210 0 0 297 0 0" ResourceID="13"/>
    </ofd:Layer>
  </ofd:Content>
</ofd:Page>`},
}

// scanParts are scan.ofd's XML parts; its image is added from scan-mark.png.
var scanParts = []struct{ name, body string }{
	{"OFD.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD ` + ns + ` Version="1.0" DocType="OFD">
  <ofd:DocBody>
    <ofd:DocInfo><ofd:DocID>0c1d2e3f405162738495a6b7c8d9e0f1</ofd:DocID><ofd:Creator>shendang mkofd</ofd:Creator></ofd:DocInfo>
    <ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>
  </ofd:DocBody>
</ofd:OFD>`},
	{"Doc_0/Document.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:Document ` + ns + `>
  <ofd:CommonData>
    <ofd:MaxUnitID>10</ofd:MaxUnitID>
    <ofd:PageArea><ofd:PhysicalBox>0 0 150 75</ofd:PhysicalBox></ofd:PageArea>
    <ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>
  </ofd:CommonData>
  <ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages>
</ofd:Document>`},
	{"Doc_0/DocumentRes.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:Res ` + ns + ` BaseLoc="Res">
  <ofd:MultiMedias>
    <ofd:MultiMedia ID="5" Type="Image" Format="PNG"><ofd:MediaFile>image_5.png</ofd:MediaFile></ofd:MultiMedia>
  </ofd:MultiMedias>
</ofd:Res>`},
	{"Doc_0/Pages/Page_0/Content.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page ` + ns + `>
  <ofd:Content>
    <ofd:Layer ID="6">
      <ofd:ImageObject ID="7" Boundary="0 0 150 75" CTM="150 0 0 75 0 0" ResourceID="5"/>
    </ofd:Layer>
  </ofd:Content>
</ofd:Page>`},
}

func main() {
	write("sample.ofd", parts)
	img, err := os.ReadFile("scan-mark.png")
	if err != nil {
		log.Fatal(err)
	}
	write("scan.ofd", append(scanParts, struct{ name, body string }{"Doc_0/Res/image_5.png", string(img)}))
}

// write writes an OFD package of the given parts.
func write(name string, parts []struct{ name, body string }) {
	f, err := os.Create(name)
	if err != nil {
		log.Fatal(err)
	}
	zw := zip.NewWriter(f)
	stamp := time.Date(2016, 6, 30, 9, 0, 0, 0, time.UTC)
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			log.Fatal(err)
		}
		if _, err := w.Write([]byte(p.body)); err != nil {
			log.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
