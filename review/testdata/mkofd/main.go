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

// redactParts are redact-ids.ofd's XML parts; its images are added from blank.png (the seal)
// and scan-id.tif (the scanned page).
var redactParts = []struct{ name, body string }{
	{"OFD.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD ` + ns + ` Version="1.0" DocType="OFD">
  <ofd:DocBody>
    <ofd:DocInfo>
      <ofd:DocID>7a1b2c3d4e5f60718293a4b5c6d7e8f9</ofd:DocID>
      <ofd:Title>补贴名单（联系人 13812345678）</ofd:Title>
      <ofd:Author>厦门市民政局</ofd:Author>
      <ofd:CustomDatas><ofd:CustomData Name="经办人身份证">350203198506150011</ofd:CustomData></ofd:CustomDatas>
    </ofd:DocInfo>
    <ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>
    <ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures>
  </ofd:DocBody>
</ofd:OFD>`},
	{"Doc_0/Document.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:Document ` + ns + `>
  <ofd:CommonData>
    <ofd:MaxUnitID>40</ofd:MaxUnitID>
    <ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>
    <ofd:PublicRes>PublicRes.xml</ofd:PublicRes>
    <ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>
    <ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/>
  </ofd:CommonData>
  <ofd:Pages>
    <ofd:Page ID="3" BaseLoc="Pages/Page_0/Content.xml"/>
    <ofd:Page ID="4" BaseLoc="Pages/Page_1/Content.xml"/>
  </ofd:Pages>
  <ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>
  <ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments>
  <ofd:CustomTags>Tags/CustomTags.xml</ofd:CustomTags>
</ofd:Document>`},
	{"Doc_0/PublicRes.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:Res ` + ns + ` BaseLoc="Res">
  <ofd:Fonts><ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts>
  <ofd:MultiMedias>
    <ofd:MultiMedia ID="20" Type="Image" Format="PNG"><ofd:MediaFile>seal.png</ofd:MediaFile></ofd:MultiMedia>
  </ofd:MultiMedias>
</ofd:Res>`},
	{"Doc_0/DocumentRes.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:Res ` + ns + ` BaseLoc="Res">
  <ofd:MultiMedias>
    <ofd:MultiMedia ID="21" Type="Image" Format="TIFF"><ofd:MediaFile>scan_21.tif</ofd:MediaFile></ofd:MultiMedia>
  </ofd:MultiMedias>
</ofd:Res>`},
	{"Doc_0/Tpls/Tpl_0/Content.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page ` + ns + `>
  <ofd:Content>
    <ofd:Layer ID="5">
      <ofd:TextObject ID="6" Boundary="20 10 170 8" Font="1" Size="4.2">
        <ofd:TextCode X="0" Y="6">补贴发放咨询电话 13912345678</ofd:TextCode>
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
        <ofd:TextCode X="0" Y="8">2016年困难群众补贴发放名单</ofd:TextCode>
      </ofd:TextObject>
      <ofd:TextObject ID="9" Boundary="25 45 160 10" Font="1" Size="4.2">
        <ofd:TextCode X="0" Y="6" DeltaX="g 8 4.2">陈建国 身份证号 3502031985</ofd:TextCode>
        <ofd:TextCode X="56.7" Y="6" DeltaX="g 7 2.1">06150011</ofd:TextCode>
      </ofd:TextObject>
      <ofd:TextObject ID="10" Boundary="25 60 160 10" Font="1" Size="4.2">
        <ofd:CGTransform CodePosition="7" CodeCount="11" GlyphCount="11"><ofd:Glyphs>20 21 22 23 24 25 26 27 28 29 30</ofd:Glyphs></ofd:CGTransform>
        <ofd:TextCode X="0" Y="6">林美华 联系电话 13812345678</ofd:TextCode>
      </ofd:TextObject>
      <ofd:TextObject ID="11" Boundary="25 75 160 10" Font="1" Size="4.2">
        <ofd:TextCode X="0" Y="6">公示期为七个工作日。</ofd:TextCode>
      </ofd:TextObject>
      <ofd:ImageObject ID="12" Boundary="140 90 40 40" CTM="40 0 0 40 0 0" ResourceID="20"/>
    </ofd:Layer>
  </ofd:Content>
</ofd:Page>`},
	{"Doc_0/Pages/Page_1/Content.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page ` + ns + `>
  <ofd:Content>
    <ofd:Layer ID="13">
      <ofd:ImageObject ID="14" Boundary="0 0 210 49" CTM="210 0 0 49 0 0" ResourceID="21"/>
    </ofd:Layer>
  </ofd:Content>
</ofd:Page>`},
	{"Doc_0/Annots/Annotations.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:Annotations ` + ns + `><ofd:Page PageID="3"><ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>`},
	{"Doc_0/Annots/Page_0/Annotation.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:PageAnnot ` + ns + `><ofd:Annot ID="30" Type="Highlight"><ofd:Remark>核对 350203198506150011</ofd:Remark></ofd:Annot></ofd:PageAnnot>`},
	{"Doc_0/Attachs/Attachments.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:Attachments ` + ns + `><ofd:Attachment ID="31" Name="名单原件" Format="txt"><ofd:FileLoc>list.txt</ofd:FileLoc></ofd:Attachment></ofd:Attachments>`},
	{"Doc_0/Attachs/list.txt", "陈建国 350203198506150011 13812345678\n"},
	{"Doc_0/Tags/CustomTags.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:CustomTags ` + ns + `><ofd:CustomTag TypeID="list"><ofd:FileLoc>tag.xml</ofd:FileLoc></ofd:CustomTag></ofd:CustomTags>`},
	{"Doc_0/Tags/tag.xml", `<?xml version="1.0" encoding="UTF-8"?>
<名单><人 身份证号="350203198506150011">陈建国</人></名单>`},
	{"Doc_0/Signs/Signatures.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:Signatures ` + ns + `><ofd:Signature ID="1" BaseLoc="Sign_0/Signature.xml"/></ofd:Signatures>`},
	{"Doc_0/Signs/Sign_0/Signature.xml", `<?xml version="1.0" encoding="UTF-8"?>
<ofd:Signature ` + ns + `><ofd:SignedInfo><ofd:Provider ProviderName="mkofd"/><ofd:References><ofd:Reference FileRef="/Doc_0/Pages/Page_0/Content.xml"><ofd:CheckValue>陈建国 350203198506150011</ofd:CheckValue></ofd:Reference></ofd:References></ofd:SignedInfo><ofd:SignedValue>SignedValue.dat</ofd:SignedValue></ofd:Signature>`},
	{"Doc_0/Signs/Sign_0/SignedValue.dat", "13812345678"},
}

func main() {
	write("sample.ofd", parts)
	img, err := os.ReadFile("scan-mark.png")
	if err != nil {
		log.Fatal(err)
	}
	write("scan.ofd", append(scanParts, struct{ name, body string }{"Doc_0/Res/image_5.png", string(img)}))
	seal, err := os.ReadFile("blank.png")
	if err != nil {
		log.Fatal(err)
	}
	scan, err := os.ReadFile("scan-id.tif")
	if err != nil {
		log.Fatal(err)
	}
	write("redact-ids.ofd", append(redactParts, struct{ name, body string }{"Doc_0/Res/seal.png", string(seal)},
		struct{ name, body string }{"Doc_0/Res/scan_21.tif", string(scan)}))
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
