// Package archive keeps what a disclosure office decides and files: the items proposed for
// disclosure, the record of every step of the procedure, and the filed archive itself.
//
// Vocabulary (docs/domain.md §1, §5):
//
//   - An item (拟公开政务信息) is one document proposed for disclosure, with its metadata and
//     every revision of its source file. It moves through six steps: 提出 (drafter), 初审
//     (division head), 保密审查 (disclosure office), 审核 (leader in charge), 公开 (disclosure
//     office) and 建档 (archivist). Any review step may return it with a reason; a revised
//     draft goes round again. Every step leaves a record naming the person who took it.
//   - A filed item is a 件, the unit of DA/T 22-2015. Within one 全宗, 年度, 保管期限 and
//     机构(问题) it gets a 件号 counted from 0001 with no gap and no duplicate, and from that its
//     档号, e.g. Z109-WS·2016-Y-BGS-0001. A filed item never changes: a correction is a new
//     annotated entry (备考).
//   - A box (盒) holds consecutive 件 of one 年度, 保管期限 and 机构; its 盒号 is not part of
//     the 档号.
//
// Integrity (ledger.go, anchor.go, verify.go): every change is a transaction that appends an
// entry to the hash-chained audit log, and that entry carries the digest of each record the
// transaction wrote. Verify recomputes every record's digest from its bytes and compares it
// with the last audited write of it, so no record a decision depends on (users and roles,
// settings, lists, items, step records, boxes, 备考, counters) changes unseen. The anchor, the
// newest committed entry kept beside the store, tells a store that lost its newest writes. Each
// problem names the item by its 档号, or its title and 文号, with a stable kind.
//
// Where each rule of the procedure lives (every screen and command asks these; none keeps a
// copy, and the store checks them again inside the transaction that acts):
//
//   - Who may act on an item, and take which step: MayAct (permissions.go); who may propose,
//     file, administer, edit the rule lists: User.MayPropose, MayFile, MayAdminister,
//     MayEditRules. Step.IsReview and TakesDispositions say which steps are decided by 通过 or
//     退回, and where decisions on findings are given.
//   - What each user has to do (待办): Tasks (tasks.go), listing exactly what MayAct allows, with
//     the boxing of filed items for the archivist (Unboxed).
//   - The 保密审查 gate: Decide (workflow.go) checks the stored revision itself with the rule
//     set in force (CheckItem, check.go; ComposeRuleSet, ruleset.go) and refuses an approval
//     while a blocking finding is not dismissed; dispositions for findings not in that check are
//     refused. What an office's allow-list may hide: ComposeRuleSet, Allowable (rules.go).
//   - Deadlines: a 政策解读 is due 3 working days after the policy it interprets was issued
//     (Item.ClockStart), counted on the working-day Calendar (calendar.go: the State Council's
//     holiday notices shipped in assets with the office's additions from Settings); the due day
//     is stored at 提出, whether it was met at 公开 (Publication.OnTime); DeadlineOf and Overdue
//     (deadline.go) say where an item stands. A 解读 may link the policy item it interprets
//     (Draft.Policy, policylink.go): the clock then starts on that item's 成文日期. A change of
//     the calendar recounts the stored due days of items not yet published in the same
//     transaction (SaveSettingsAndRedate, redate.go). Draft defaults at 提出: DraftFrom
//     (drafts.go). Filing defaults at 建档: DefaultFiling (tasks.go); the retention of a
//     category: Settings.RetentionFor (filing.go).
//   - Reports the office owes (docs/domain.md §9): the divisions' progress report, 前三季度 and
//     全年 (Progress, progress.go), the office's summary of a quarter or any period (Quarterly, WriteSummaryPDF
//     and WriteSummaryXLSX, quarterly.go: the 统计 window and the command line print the same), and
//     tables 二–四 of the annual report in the national format with the office's figures,
//     stored per year and held to table 三's rule 一＋二＝三（七）总计＋四 (Annual,
//     AnnualFigures, SaveAnnualFigures; annual.go, annualreport.go). They count, as Statistics
//     does, from the items' facts (facts.go), the one reader of item facts.
//   - Numbering: FileItem and nextNumber (件号), ArchivalCode and ParseArchivalCode (档号),
//     Filing.BoxLabel (filing.go, boxforms.go). Passwords, names and settings validate
//     themselves (User.Validate, Settings.Validate, Draft.Validate, Publication.Validate).
//   - Times are shown and printed in OfficeZone (UTC+8). Errors a person meets carry a Chinese
//     sentence made where they arise (Error, Message in errors.go); the audit log's actions
//     have stable codes with Chinese names (auditlog.go).
//
// The rules are written once, over a small transactional key-value interface (engine.go):
// ordered keys read and written in serializable transactions. Office is the Store over an
// engine. The embedded engine is Badger (badgerengine.go, badgerstore.go): one office's data in
// one directory, opened by one process at a time; its files are checked before Badger reads
// them, so that damage is said (ErrDamaged, naming the file) instead of crashing the process
// (damage.go). Backups hold every key and value as a stream of 审档's own (kvstream.go), so a
// backup of one engine restores into any other. The server engine is PostgreSQL (pgengine.go,
// OpenServer in server.go), shared by every workstation of the office: each process learns of
// the others' writes from the audit log before its index answers, and Changed tells a window
// that something was written (changes.go); two people acting on one item at once are one
// success and one ErrState that says who acted and where the item stands (conflict.go). This
// package never imports the GUI toolkit.
package archive
