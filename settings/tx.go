package settings

// Transaction semantics for SET, as PostgreSQL has them for a top-level
// transaction (savepoints come with the transaction manager):
//
//   - a plain SET inside a transaction lasts past COMMIT and is undone by
//     ROLLBACK;
//   - SET LOCAL lasts until the transaction ends either way;
//   - a plain SET after SET LOCAL replaces both; SET LOCAL after a plain SET
//     hides the plain value until the end of the transaction, when the plain
//     value comes back (if the transaction commits).
//
// The Set keeps one entry per setting touched in the transaction, with its
// value from before the transaction and, while a SET LOCAL hides a plain
// SET, the hidden value. Transactions touch few settings, so a list does.

type txKind uint8

const (
	txSet      txKind = iota + 1 // plain SET
	txLocal                      // SET LOCAL only
	txSetLocal                   // plain SET, then SET LOCAL on top
)

type txEntry struct {
	def       *Def
	sl        *slot
	kind      txKind
	prior     value // value before the transaction
	priorSrc  Source
	masked    value // plain SET value hidden by a later SET LOCAL
	maskedSrc Source
}

// BeginTx marks the start of a transaction block (or of the implicit
// transaction around one statement).
func (s *Set) BeginTx() { s.inTx = true }

// InTx reports whether a transaction is open.
func (s *Set) InTx() bool { return s.inTx }

// EndTx ends the transaction: commit keeps plain SETs and drops SET LOCALs,
// abort undoes both. Reported settings that change back are queued for
// ParameterStatus. touched reports whether the transaction changed any
// setting (the caller may then need to re-read them).
func (s *Set) EndTx(commit bool) (touched bool) {
	touched = len(s.txs) > 0
	for i := range s.txs {
		e := &s.txs[i]
		before := e.sl.cur
		switch {
		case !commit || e.kind == txLocal:
			e.sl.cur, e.sl.src = e.prior, e.priorSrc
		case e.kind == txSetLocal:
			e.sl.cur, e.sl.src = e.masked, e.maskedSrc
		}
		s.noteChange(e.def, !before.equal(e.sl.cur))
	}
	s.txs = s.txs[:0]
	s.inTx = false
	return touched
}

// txRecord notes a SET (local false) or SET LOCAL about to replace sl.cur
// inside a transaction.
func (s *Set) txRecord(d *Def, sl *slot, local bool) {
	var e *txEntry
	for i := range s.txs {
		if s.txs[i].sl == sl {
			e = &s.txs[i]
			break
		}
	}
	if e == nil {
		s.txs = append(s.txs, txEntry{def: d, sl: sl, prior: sl.cur, priorSrc: sl.src})
		e = &s.txs[len(s.txs)-1]
	}
	switch {
	case !local:
		e.kind = txSet
	case e.kind == txSet:
		e.masked, e.maskedSrc = sl.cur, sl.src
		e.kind = txSetLocal
	case e.kind == 0:
		e.kind = txLocal
	}
}
