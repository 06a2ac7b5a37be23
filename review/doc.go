// Package review reads the drafts a disclosure office receives and checks them for what must not
// be published (保密审查, step 3 of the procedure in docs/domain.md §1).
//
// Vocabulary:
//
//   - A draft is a document proposed for disclosure, in whatever form it arrived (txt, docx,
//     pdf, ofd, doc, wps, xlsx, xls, et, ods, or a scan or photograph: png, jpg, tif, bmp). Reading it gives a Document: its format, source
//     metadata and ordered parts (body, header, footer, footnote, endnote, comment, revision,
//     metadata, form field), each with its page where the format has pages, its worksheet and
//     cells in a spreadsheet, the embedded object it came from, and its text exactly as
//     extracted.
//   - A finding is one place in a part that a rule matched: a classification mark (秘密★1年),
//     an internal marking (内部资料), a sensitive term, or a validated personal identifier. It
//     says where it is (part, page, line) in the original text, why it matters (the legal
//     basis), and carries a fingerprint that survives a re-scan of a revised draft.
//   - A gap is a place whose text could not be read, or not fully: a damaged page, a font
//     without a character map, bytes that decode to nothing. A draft with a gap is never
//     clean: each gap is a finding (未能读取, warn) that sends a person to the original.
//   - The verdict of a check is block, warn, clean, or error (the draft could not be read),
//     computed from the findings and the reviewer's dispositions of them.
//
// Reading. Read and Reader.Read choose a reader by extension: .txt (UTF-8 with or without BOM,
// UTF-16 with or without BOM, GB18030/GBK), .docx (body, tables, text boxes, every header and
// footer, footnotes, endnotes, comments with authors, tracked deletions, properties), .pdf
// (text per page, Form XObjects included; pages with images and no text are listed as
// image-only; owner-password encryption is removed, AES-256 included), .ofd (GB/T 33190: text
// per page, template pages as headers), .xlsx (every sheet, hidden ones too; each cell as
// displayed and a long whole number as stored; cell comments, headers and footers; hidden sheets,
// rows and columns reported), and .doc/.wps/.xls/.et/.ods through LibreOffice. Scanned PDF
// pages (images, no text layer) and image files (.png, .jpg/.jpeg, .tif/.tiff, .bmp) are read
// by OCR (ocr.go): poppler's pdftoppm renders a page at 300 dpi, the Tesseract program reads it
// (chi_sim+eng, one thread a process, pages in parallel up to the processors, progress through
// WithProgress, a tenth of the time limit kept for the check); the recognised text is the
// page's body part, marked with its Recognition (the word boxes' confidences). Without
// Tesseract an image is ErrOCRMissing and a scanned PDF page a gap saying so. PDF comment
// annotations and form-field values are parts; files embedded in docx and xlsx (packages, OLE
// objects) are read as documents of their own, three levels deep. A path that is not a
// regular file (a directory, a named pipe) is refused before it is opened. Every read is
// bounded by Limits (file size, unpacked size, ZIP entries, XML depth, time): files are
// streamed, not loaded whole; every decompression is charged to one budget; a ZIP entry that
// inflates like a bomb is refused from its headers; when the time is up every read of the file
// fails, so a parser given up on stops. PDFs are walked first by our own reader (pdflex.go,
// pdfxref.go, pdfsurvey.go) exactly as the text library will walk them, so that the shapes on
// which the library loops for ever or exhausts memory are refused or kept from it. Every
// failure is a *ReadError naming the file and wrapping one of the ErrXxx sentinels; no panic
// escapes a reader.
//
// Checking. A RuleSet holds keyword terms and allow-list terms (ParseList reads the list format
// of assets/rules and of an office's own files) and has a Version, a hash of its content. Check
// normalises each part (Normalize: width, case, traditional → simplified, star variants, white
// space and line breaks dropped, with every rune mapped back to its original bytes), matches all
// terms at once (Matcher: Aho-Corasick, leftmost-longest), finds classification marks in all
// three GB/T 9704 forms however a PDF split or reordered them, and levels declared in running
// text (此报告系机密文件, 密级：机密, 内容涉及国家秘密; declared.go), runs the validated recognisers
// (ID checksum and date, Luhn, mobile, e-mail, passport; never inside a longer run of digits;
// IDs written in digit groups, and 18-digit numbers a spreadsheet rounded, grouped.go; masked
// identifiers, which are not findings unless the mask is weak, masked.go), suppresses what an allow-list phrase covers, and reports what the file hides (comments,
// tracked changes, personal metadata), which pages have no text layer and the document's gaps.
// In recognised text a mark is also found with its star and digits misread (秘密女]1年,
// ocrmarks.go); a finding there says it is recognised, with its words' confidence, and every
// scanned page stays a warning saying what OCR gave: text to check against the original, text
// of low confidence, or nothing.
// Its time is linear in the text and its memory follows the megabyte it reads at a time; a
// rule lists at most a thousand findings and counts the rest in one more. Decide turns the
// findings and the reviewer's dispositions, keyed by fingerprint, into the verdict.
//
// The publishable copy (脱敏稿, 条例 Art. 37 部分公开). A MaskProfile says how much of an
// identifier a published list keeps (IDs 2+3 by default, 35*************123); a MaskSet, the
// profiles of one office, has a textual form for its settings. PlanRedaction turns the check's
// findings and the spans a reviewer selects into replacements per part, overlapping spans
// merged, with a preview that never shows an original; Redact writes the copy of a txt, docx or
// xlsx file in its own format, each replacement made in the file's own units of text (the bytes
// of the text's encoding, Word's w:t runs, a workbook's strings), what the file hides cleaned
// out, everything else byte for byte; it re-checks the copy and writes it atomically. An OFD's
// copy is an OFD with its TextCodes masked and only what its pages need kept. RedactPDF
// writes the copy of a PDF, doc, wps or image file as a PDF whose pages holding a value are
// images with the value painted out of the pixels. A value read by OCR — a scan, a photo, a
// picture pasted into a docx or xlsx — is located on the image by OCR and painted out of it.
// No mask it writes hides fewer than two digits, nor leaves an ID's birth date whole: the check
// reads each as 已脱敏.
//
// A reviewer must be able to trust the check both ways: it misses nothing in any part of the
// file, and it does not raise alarms on the ordinary language of government work (保密审查,
// 依法应当保密的外). This package never imports the archive or the GUI toolkit.
package review
