// Package quote finds the new text of a reply: what a person wrote, without the quoted
// history their mail client appended and, for technicians' public answers, without their
// signature (private mobile numbers must never reach customers). It is pure: Cut works on
// the decoded text body (mailflow/parse's Message.Text, plain or converted from HTML, where
// the quoted part of an HTML reply is already rendered as "> " lines) and does no I/O.
//
// The raw mail is kept elsewhere, so cutting is safe; but a person's words are never
// dropped on a guess. Where a sign is weak, the text is kept.
//
// Quoted history starts at the first of these (Result.Kind names which):
//
//   - "> " lines (KindQuoted). Only the quoted lines are cut: text between quote blocks
//     (bottom-posting, answers between the questions) is new text and kept, the quotes
//     between the answers are dropped. A line without ">" squeezed between two quoted lines,
//     too long to have fitted on the quoted line above it, is a quoted line a client
//     re-wrapped (Gmail does) and goes with the quote; a lone ">50 %" is text.
//   - An attribution line, over up to three lines (Gmail wraps it): "Am 01.12.2026 um 10:15
//     schrieb Anna Lange <a@b>:", "On Mon, Dec 1, 2026 at 10:15 AM Anna <a@b> wrote:", their
//     French, Italian, Dutch, Polish, Portuguese, Scandinavian and Finnish forms, and the
//     verbless "30.09.2017, 18:30, "Anna" <a@b>:" (KindAttribution). It must end with the
//     verb (and a colon, or no colon when it holds a time or address) and hold a date, time
//     or address; "Am Montag schrieb der Kunde, dass ..." is text. When quoted lines follow
//     it, it goes with them and what comes after them is new text again; otherwise
//     everything after it is history (clients that do not prefix the quote with ">").
//   - A header block (KindHeader): at least three lines with distinct labels of a quoted
//     mail's header, From first or Sent/Date first (GMX, WEB.DE), in German, English and the
//     other languages Outlook writes: "Von:/Gesendet:/An:/Cc:/Betreff:", "From:/Sent:/To:/
//     Subject:", "Datum:"/"Date:", "*From:*" (bold labels), wrapped values. A separator line
//     ("____", "====", "-------- Oprindelig besked --------") right above it goes with it.
//     A single "Von:" in running text is not a block.
//   - A separator line: "-----Ursprüngliche Nachricht-----", "-----Original Message-----",
//     "-------- Original-Nachricht --------" and translations (KindSeparator).
//   - Text after a mail app's sent-from line, separated from it by an empty line
//     (KindTrailer): apps write the line below what the person typed, and the history
//     below that.
//
// Everything after the first of these is cut, except after an attribution followed by
// quoted lines (see above).
//
// Trailers ("Von meinem iPhone gesendet", "Sent from my iPhone", "Gesendet von Outlook für
// Android", "Get Outlook for iOS", ...) are never the person's words and are always cut
// into Result.Trailer.
//
// Forwards are kept. A customer forwarding an error mail to support wants it read, so a
// forward marker ("---------- Forwarded message ---------", "Anfang der weitergeleiteten
// Nachricht:", "-------- Weitergeleitete Nachricht --------", "Begin forwarded message:")
// ends the search: the forwarded message, even where it is quoted with ">", stays in Text
// (KindForward). Outlook writes a forward like a reply (a header block or "Original
// Message"); Options.Subject tells them apart: when the subject's first prefix is a forward
// prefix ("WG:", "Fwd:", "FW:", ...), a header block or separator starts a kept forward.
//
// When unsure, keep: when cutting would leave no text (everything looked like history, as
// when a person wrote inside the quote), nothing is cut and Result.KeptAll is set.
//
// Signatures (Options.Signature) are cut from the new text, never from a forwarded part:
//
//   - from an RFC 3676 delimiter line "-- " (or "--") to the end;
//   - and a contact block at the end: from the first line with a phone, mobile or fax
//     number ("Tel.", "Mobil", "Mobile", "Fax", "+49 ...", "0171 ..."), a mail or web
//     address, a postal address, or a company or legal line ("GmbH", "Geschäftsführer",
//     "HRB", "USt-IdNr.") after which only such lines, short title lines and disclaimers
//     follow; a sign-off below it means it was the person's text. The sign-off and the
//     name above the block stay ("Viele Grüße\nMax Keller"): they are what the customer
//     should read. Title lines directly above the first contact line go with the block
//     (the topmost line of that run is the name and stays), and so does a rule line
//     ("____", "———") above them. A number inside a sentence ("Rufen Sie mich unter 0171
//     ... an.") is the person's words and stays.
//
// A sign-off without contact data ("Regards,\nJohn Doe\nCEO") is kept: it holds nothing
// private, and a guess could drop words. A "PS:" after the signature is the person's words
// and is kept. The signature is cut even when nothing else is left (then Text is empty):
// relaying a technician's private number would be worse than relaying nothing.
package quote
