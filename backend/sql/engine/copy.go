package engine

import (
	"bytes"
	"fmt"
	"ringpg/backend/catalog/acl"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// CopyIn is a COPY ... FROM STDIN in progress: the session feeds it the
// client's data rows and it inserts them in batches through the executor.
type CopyIn struct {
	s       *Session
	table   *plan.Table
	cols    []int // table positions of the columns the data gives
	csv     bool
	delim   byte
	null    string
	header  bool
	batch   [][]types.Datum // rows waiting for the next INSERT
	lines   []copyLine      // where each row of batch came from
	pos     int             // the row of batch the INSERT produced last
	arena   []types.Datum   // the batch's values, reused
	given   []bool          // columns the data gives (the others take their defaults)
	freeze  bool            // FREEZE: rows stored frozen
	rows    int64
	line    int64
	partial []byte
	fields  []copyField // the fields of the last line (split), reused
	unesc   []byte      // a field's value with escapes undone (split)
	defs    []expr.Expr // the other columns' defaults
	// FORMAT binary (copy_binary.go): the header read, the trailer read.
	binary, binHeader, binEnded bool
	// deadline is statement_timeout counted from the COPY's start (each
	// batch's INSERT would start the count again); zero without one.
	deadline time.Time
}

// copyBatch is how many rows go into one INSERT.
const copyBatch = 1000

// copyLine is where a row of a batch came from, for an error's CONTEXT.
type copyLine struct {
	no   int64
	text string
}

// IsCopy reports a COPY statement, which the session runs with the COPY
// sub-protocol.
func IsCopy(st parser.Stmt) (from bool, ok bool) {
	c, ok := st.(*parser.CopyStmt)
	if !ok {
		return false, false
	}
	return c.IsFrom, true
}

// StartCopyIn begins COPY table FROM STDIN.
func (s *Session) StartCopyIn(sql string, st parser.Stmt) (*CopyIn, error) {
	c := st.(*parser.CopyStmt)
	if c.Filename != "" || c.IsProgram {
		return nil, pgerr.New(pgerr.InsufficientPrivilege, "COPY from a file is not supported; use COPY FROM STDIN")
	}
	if s.failed {
		return nil, failedError()
	}
	s.begin()
	s.cat.BeginStatement()
	t, err := sessionCatalog{s}.LookupTable(c.Relation.Schema, c.Relation.Name)
	if err == nil {
		err = s.checkPerms([]plan.RelPerm{{Table: t, Mode: acl.Insert}}, nil)
	}
	if err != nil {
		s.statementFailed()
		return nil, err
	}
	ci := &CopyIn{s: s, table: t, delim: '\t', null: `\N`}
	if d := s.set.StatementTimeout(); d > 0 {
		ci.deadline = time.Now().Add(d)
	}
	if err := ci.options(c.Options); err != nil {
		s.statementFailed()
		return nil, err
	}
	if ci.freeze {
		if len(s.savepoints) > 0 || !s.cat.CreatedInTxn(t.Relfilenode) {
			s.statementFailed()
			return nil, pgerr.New(pgerr.ObjectNotInPrerequisiteState, "cannot perform COPY FREEZE because the table was not created or truncated in the current subtransaction")
		}
		if len(t.Indexes) > 0 || len(t.FKs) > 0 {
			ci.freeze = false // stored as ordinary rows: correct, only slower to read at first
		}
	}
	if len(c.Cols) == 0 {
		for i, col := range t.Cols {
			if !col.Dropped {
				ci.cols = append(ci.cols, i)
			}
		}
	} else {
		for _, name := range c.Cols {
			idx := -1
			for i, col := range t.Cols {
				if !col.Dropped && col.Name == name {
					idx = i
				}
			}
			if idx < 0 {
				s.statementFailed()
				return nil, pgerr.New(pgerr.UndefinedColumn, "column %q of relation %q does not exist", name, t.Name)
			}
			ci.cols = append(ci.cols, idx)
		}
	}
	defs := sessionCatalog{s}.TableDefaults(t)
	ci.defs = make([]expr.Expr, len(t.Cols))
	for i, col := range t.Cols {
		ci.defs[i] = &expr.Const{T: col.T, Value: types.Null}
		if i < len(defs) && defs[i] != "" {
			if x, err := plan.ParseExpr(defs[i], nil, sessionCatalog{s}, s.env); err == nil {
				ci.defs[i] = &expr.Cast{Arg: x, To: col.T}
				if x.Type() == col.T {
					ci.defs[i] = x
				}
			}
		}
	}
	return ci, nil
}

func (ci *CopyIn) options(opts []*parser.DefElem) error {
	for _, o := range opts {
		val := ""
		if c, ok := o.Arg.(*parser.AConst); ok {
			val = c.Val
			if c.Kind == parser.ConstBool && !c.Bool {
				val = "false"
			}
		}
		switch o.Name {
		case "format":
			switch strings.ToLower(val) {
			case "csv":
				ci.csv, ci.delim, ci.null = true, ',', ""
			case "text":
			case "binary":
				ci.binary = true
			default:
				return pgerr.New(pgerr.FeatureNotSupported, "COPY format %q is not supported yet", val)
			}
		case "delimiter":
			if len(val) != 1 {
				return pgerr.New(pgerr.FeatureNotSupported, "COPY delimiter must be a single one-byte character")
			}
			ci.delim = val[0]
		case "null":
			ci.null = val
		case "header":
			ci.header = val != "false" && val != "0" && val != "off"
		case "freeze":
			ci.freeze = val != "false" && val != "0" && val != "off"
		default:
			return pgerr.New(pgerr.SyntaxError, "option %q not recognized", o.Name)
		}
	}
	return nil
}

// Data takes one CopyData message's bytes (any split into lines).
//
// The complete lines of a message (with the incomplete one a message
// before left) become one string, and each line and field is a part of
// it: a line costs no allocation of its own, and the values the input
// functions keep (text) share that string, which nothing ever changes.
func (ci *CopyIn) Data(b []byte) error {
	if ci.binary {
		ci.partial = append(ci.partial, b...)
		return ci.binaryData()
	}
	last := bytes.LastIndexByte(b, '\n')
	if last < 0 {
		ci.partial = append(ci.partial, b...)
		return nil
	}
	var text string
	if len(ci.partial) > 0 {
		ci.partial = append(ci.partial, b[:last+1]...)
		text = string(ci.partial)
	} else {
		text = string(b[:last+1])
	}
	ci.partial = append(ci.partial[:0], b[last+1:]...)
	for len(text) > 0 {
		i := strings.IndexByte(text, '\n')
		line := text[:i]
		text = text[i+1:]
		if err := ci.lineIn(strings.TrimSuffix(line, "\r")); err != nil {
			return err
		}
	}
	return nil
}

func (ci *CopyIn) lineIn(line string) error {
	ci.line++
	if ci.header && ci.line == 1 {
		return nil
	}
	if line == `\.` {
		return nil
	}
	fields := ci.split(line)
	if len(fields) != len(ci.cols) {
		var err *pgerr.Error
		if len(fields) < len(ci.cols) {
			err = copyErr(ci, "missing data for column %q", ci.table.Cols[ci.cols[len(fields)]].Name)
		} else {
			err = copyErr(ci, "extra data after last expected column")
		}
		err.Where = ci.where(copyLine{ci.line, line})
		return err
	}
	row := ci.newRow()
	for j, f := range fields {
		if f.null {
			continue
		}
		col := &ci.table.Cols[ci.cols[j]]
		d, err := types.Input(col.T, f.s, ci.s.env)
		if err != nil {
			if pe, ok := err.(*pgerr.Error); ok {
				cp := *pe
				cp.Where = fmt.Sprintf("%s, column %s: \"%s\"", ci.where(copyLine{no: ci.line}), col.Name, limitPrintout(f.s))
				return &cp
			}
			return err
		}
		row[ci.cols[j]] = d
	}
	ci.batch = append(ci.batch, row)
	ci.lines = append(ci.lines, copyLine{ci.line, line})
	if len(ci.batch) >= copyBatch {
		return ci.flush()
	}
	return nil
}

// newRow takes a row of NULLs from the arena.
func (ci *CopyIn) newRow() []types.Datum {
	if ci.given == nil {
		ci.given = make([]bool, len(ci.table.Cols))
		for _, c := range ci.cols {
			ci.given[c] = true
		}
	}
	n := len(ci.table.Cols)
	if len(ci.arena)+n > cap(ci.arena) {
		ci.arena = make([]types.Datum, 0, max(copyBatch*n, n))
	}
	start := len(ci.arena)
	ci.arena = ci.arena[:start+n]
	row := ci.arena[start : start+n : start+n]
	for i := range row {
		row[i] = types.Null
	}
	return row
}

func copyErr(ci *CopyIn, format string, args ...any) *pgerr.Error {
	return pgerr.New(pgerr.BadCopyFileFormat, format, args...)
}

// where is the CONTEXT of an error about line l: its number, and its text
// when known.
func (ci *CopyIn) where(l copyLine) string {
	s := fmt.Sprintf("COPY %s, line %d", ci.table.Name, l.no)
	if l.text != "" {
		s += fmt.Sprintf(": \"%s\"", limitPrintout(l.text))
	}
	return s
}

// maxCopyDisplay is how much of a line or value an error's CONTEXT shows.
const maxCopyDisplay = 100

// limitPrintout cuts s to maxCopyDisplay bytes (at a character boundary)
// and marks the cut with "...".
func limitPrintout(s string) string {
	if len(s) <= maxCopyDisplay {
		return s
	}
	n := maxCopyDisplay
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// rowWhere adds to err, from the batch's INSERT, the CONTEXT of the row
// that failed, where that row is known: a NOT NULL or CHECK violation is
// found as the row is produced. (A unique violation is found when the
// rows are stored, a batch at a time, so its row is not known here.)
func (ci *CopyIn) rowWhere(err error) error {
	pe, ok := err.(*pgerr.Error)
	if !ok || pe.Where != "" || ci.pos >= len(ci.lines) {
		return err
	}
	switch pe.Code {
	case pgerr.NotNullViolation, pgerr.CheckViolation:
		cp := *pe
		cp.Where = ci.where(ci.lines[ci.pos])
		return &cp
	}
	return err
}

// copyField is one field of a line: its value, or NULL.
type copyField struct {
	s    string
	null bool
}

// split cuts a text- or CSV-format line into fields. The result is
// ci.fields, reused by the next line; a field's value is a part of line
// unless it had escapes to undo.
func (ci *CopyIn) split(line string) []copyField {
	if ci.csv {
		ci.fields = splitCSV(ci.fields[:0], line, ci.delim, ci.null)
		return ci.fields
	}
	out := ci.fields[:0]
	for {
		i := textFieldEnd(line, ci.delim)
		raw := line
		if i >= 0 {
			raw = line[:i]
		}
		if raw == ci.null {
			out = append(out, copyField{null: true})
		} else {
			out = append(out, copyField{s: ci.unescape(raw)})
		}
		if i < 0 {
			break
		}
		line = line[i+1:]
	}
	ci.fields = out
	return out
}

// textFieldEnd returns the index of the first delimiter in line that no
// backslash escapes, or -1: in the text format a backslash takes the next
// character as data, the delimiter included (`a\,b` is one field).
func textFieldEnd(line string, delim byte) int {
	i := strings.IndexByte(line, delim)
	if i < 0 || strings.IndexByte(line[:i], '\\') < 0 {
		return i
	}
	for j := 0; j < len(line); j++ {
		switch line[j] {
		case '\\':
			j++
		case delim:
			return j
		}
	}
	return -1
}

// unescape undoes the text format's backslash escapes in s; s itself when
// it has none. The escaped form is built in ci.unesc, reused.
func (ci *CopyIn) unescape(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	ci.unesc = appendUnescaped(ci.unesc[:0], s)
	return string(ci.unesc)
}

// appendUnescaped appends s with the text format's backslash escapes
// undone to b.
func appendUnescaped(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b = append(b, c)
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b = append(b, '\n')
		case 't':
			b = append(b, '\t')
		case 'r':
			b = append(b, '\r')
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'v':
			b = append(b, '\v')
		default:
			b = append(b, s[i])
		}
	}
	return b
}

// splitCSV appends the fields of a CSV line to out.
func splitCSV(out []copyField, line string, delim byte, null string) []copyField {
	i := 0
	for {
		var v strings.Builder
		quoted := false
		for i < len(line) && line[i] != delim {
			if line[i] == '"' {
				quoted = true
				i++
				for i < len(line) {
					if line[i] == '"' {
						if i+1 < len(line) && line[i+1] == '"' {
							v.WriteByte('"')
							i += 2
							continue
						}
						i++
						break
					}
					v.WriteByte(line[i])
					i++
				}
				continue
			}
			v.WriteByte(line[i])
			i++
		}
		s := v.String()
		if !quoted && s == null {
			out = append(out, copyField{null: true})
		} else {
			out = append(out, copyField{s: s})
		}
		if i >= len(line) {
			return out
		}
		i++
	}
}

// flush inserts the buffered rows.
func (ci *CopyIn) flush() error {
	if len(ci.batch) == 0 {
		return nil
	}
	if err := ci.interrupted(); err != nil {
		return err
	}
	cols := make([]plan.Column, len(ci.table.Cols))
	for i, c := range ci.table.Cols {
		cols[i] = plan.Column{Name: c.Name, T: c.T}
	}
	defs := make([]expr.Expr, len(ci.table.Cols))
	for i := range defs {
		if !ci.given[i] {
			defs[i] = ci.defs[i]
		}
	}
	ci.pos = 0
	q := &plan.Query{Root: &plan.Insert{Table: ci.table, Input: &plan.Values{Datums: ci.batch, Defaults: defs, Cols: cols, Pos: &ci.pos}, Frozen: ci.freeze}, Tag: "INSERT"}
	st := &Stmt{Query: q}
	p, _ := ci.s.Bind(st, nil)
	_, _, err := ci.s.Fetch(p, 0, func([]types.Datum) error { return nil })
	ci.rows += p.count
	if err != nil {
		err = ci.rowWhere(err)
	}
	ci.batch = ci.batch[:0]
	ci.lines = ci.lines[:0]
	ci.arena = ci.arena[:0]
	return err
}

// interrupted returns a pending cancel, or statement_timeout's error once
// the whole COPY has run longer than it allows.
func (ci *CopyIn) interrupted() error {
	if !ci.deadline.IsZero() && time.Now().After(ci.deadline) {
		return pgerr.New(pgerr.QueryCanceled, "canceling statement due to statement timeout")
	}
	return ci.s.checkInterrupts()
}

// Done ends the copy successfully and returns its command tag.
func (ci *CopyIn) Done() (string, error) {
	if ci.binary {
		if err := ci.binaryDone(); err != nil {
			ci.s.statementFailed()
			return "", err
		}
	} else if len(ci.partial) > 0 {
		if err := ci.lineIn(string(ci.partial)); err != nil {
			ci.s.statementFailed()
			return "", err
		}
	}
	if err := ci.flush(); err != nil {
		return "", err
	}
	return "COPY " + strconv.FormatInt(ci.rows, 10), nil
}

// Fail ends the copy with the client's error (CopyFail) or ours.
func (ci *CopyIn) Fail() { ci.s.statementFailed() }

// Columns is the number of columns each data row has.
func (ci *CopyIn) Columns() int { return len(ci.cols) }
