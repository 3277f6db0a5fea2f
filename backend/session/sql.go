package session

import (
	"github.com/jackc/pgx/v5/pgproto3"

	"ringpg/backend/sql/engine"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// The SQL engine's side of the protocol: statements are parsed by package
// parser, planned and run by package engine; SET, SHOW and RESET still go
// through the command reader of command.go, which owns the settings.

// isSettingsStmt reports statements the command reader handles.
func isSettingsStmt(st parser.Stmt) bool {
	switch v := st.(type) {
	case *parser.VariableShowStmt:
		return true
	case *parser.VariableSetStmt:
		return v.Kind != parser.VarSetMulti
	}
	return false
}

// fieldsOf describes a plan's columns for RowDescription.
func fieldsOf(cols []plan.Column) []pgproto3.FieldDescription {
	if cols == nil {
		return nil
	}
	out := make([]pgproto3.FieldDescription, len(cols))
	for i, c := range cols {
		size := int16(-1)
		if info := types.Lookup(c.T.Oid); info != nil && info.Len > 0 {
			size = int16(info.Len)
		}
		out[i] = pgproto3.FieldDescription{Name: []byte(c.Name), TableOID: c.Table, TableAttributeNumber: uint16(c.Attnum),
			DataTypeOID: c.T.Oid, DataTypeSize: size, TypeModifier: c.T.Mod}
	}
	return out
}

// sqlSimpleQuery runs a Query message through the engine.
func (s *Session) sqlSimpleQuery(q string) {
	if st := s.sql.CachedSimple(q); st != nil {
		if err := s.runPrepared(st); err != nil {
			s.sendNotices()
			s.sendError(pgerr.From(err))
			s.sql.AbortMessage()
			return
		}
		s.sendNotices()
		if err := s.sql.EndOfMessage(); err != nil {
			s.sendError(pgerr.From(err))
		}
		return
	}
	stmts, err := parser.Parse(q)
	if err != nil {
		s.sendError(pgerr.From(err))
		s.sql.AbortMessage()
		return
	}
	if len(stmts) == 0 {
		s.be.Send(&pgproto3.EmptyQueryResponse{})
		return
	}
	single := len(stmts) == 1
	s.sql.SetImplicitBlock(!single)
	defer s.sql.SetImplicitBlock(false)
	for _, st := range stmts {
		if err := s.runOne(q, st, single); err != nil {
			s.sendNotices()
			s.sendError(pgerr.From(err))
			s.sql.AbortMessage()
			return
		}
		s.sendNotices()
	}
	if err := s.sql.EndOfMessage(); err != nil {
		s.sendError(pgerr.From(err))
	}
}

func (s *Session) runOne(q string, st parser.Stmt, single bool) error {
	if isSettingsStmt(st) {
		return s.legacy(q, st)
	}
	if from, ok := engine.IsCopy(st); ok {
		if from {
			return s.copyFrom(q, st)
		}
		return s.copyTo(q, st.(*parser.CopyStmt))
	}
	var prep *engine.Stmt
	var err error
	if single {
		prep, err = s.sql.PrepareSimple(q, st)
	} else {
		prep, err = s.sql.Prepare(q, st, nil)
	}
	if err != nil {
		return err
	}
	return s.runPrepared(prep)
}

// runPrepared runs a statement of a simple Query message.
func (s *Session) runPrepared(prep *engine.Stmt) error {
	portal, err := s.sql.Bind(prep, nil)
	if err != nil {
		return err
	}
	fields := fieldsOf(prep.Cols)
	if fields != nil {
		s.be.Send(&pgproto3.RowDescription{Fields: fields})
	}
	var formats []int16
	if prep.BinaryRows {
		formats = binaryFormats(len(prep.Cols))
	}
	_, tag, err := s.sql.Fetch(portal, 0, func(row []types.Datum) error {
		return s.sendRow(row, prep.Cols, formats)
	})
	if err != nil {
		return err
	}
	s.sendComplete(tag)
	return nil
}

// binaryFormats is every column in binary (FETCH from a BINARY cursor).
func binaryFormats(n int) []int16 {
	f := make([]int16, n)
	for i := range f {
		f[i] = 1
	}
	return f
}

// legacy runs SET/SHOW/RESET through the command reader.
func (s *Session) legacy(q string, st parser.Stmt) error {
	loc, n := st.Span()
	text := q[loc : loc+n]
	toks, err := lex(text, charPos(q, loc))
	if err != nil {
		return err
	}
	res, err := s.execute(toks)
	if err != nil {
		return err
	}
	s.sql.SettingsChanged()
	if res.fields != nil {
		s.be.Send(&pgproto3.RowDescription{Fields: res.fields})
	}
	for _, row := range res.rows {
		s.sendDataRow(row)
	}
	s.sendComplete(res.tag)
	return nil
}

var emptyValue = []byte{}

// sendRow encodes one row in the formats asked for (nil: all text).
func (s *Session) sendRow(row []types.Datum, cols []plan.Column, formats []int16) error {
	vals := s.rowBuf[:0]
	buf := s.valBuf[:0]
	offs := s.offBuf[:0]
	for i, d := range row {
		if i >= len(cols) {
			break
		}
		if d.Null {
			offs = append(offs, -1)
			continue
		}
		start := len(buf)
		if i < len(formats) && formats[i] == 1 {
			buf = types.AppendSend(buf, cols[i].T, d, s.sql.Env())
		} else {
			buf = types.AppendOutput(buf, cols[i].T, d, s.sql.Env())
		}
		offs = append(offs, start)
	}
	for i, o := range offs {
		if o < 0 {
			vals = append(vals, nil)
			continue
		}
		end := len(buf)
		for _, o2 := range offs[i+1:] {
			if o2 >= 0 {
				end = o2
				break
			}
		}
		v := buf[o:end:end]
		if v == nil {
			v = emptyValue // an empty value, not NULL: buf was still nil
		}
		vals = append(vals, v)
	}
	s.sendDataRow(vals)
	s.rowBuf, s.valBuf, s.offBuf = vals[:0], buf[:0], offs[:0]
	return s.streamed(len(buf) + 4*len(vals) + 7)
}

func (s *Session) sendNotices() {
	for _, n := range s.sql.TakeNotices() {
		sev := n.SeverityOrDefault()
		s.be.Send(&pgproto3.NoticeResponse{Severity: sev, SeverityUnlocalized: sev, Code: n.Code, Message: n.Message, Detail: n.Detail, Hint: n.Hint})
	}
}

// sqlParse handles Parse through the engine.
func (s *Session) sqlParse(m *pgproto3.Parse) error {
	stmts, err := parser.Parse(m.Query)
	if err != nil {
		return err
	}
	if len(stmts) > 1 {
		return pgerr.New(pgerr.SyntaxError, "cannot insert multiple commands into a prepared statement")
	}
	p := &prepared{sql: m.Query, paramOIDs: m.ParameterOIDs}
	if len(stmts) == 1 {
		p.ast = stmts[0]
		if isSettingsStmt(p.ast) {
			loc, n := p.ast.Span()
			if p.toks, err = lex(m.Query[loc:loc+n], charPos(m.Query, loc)); err != nil {
				return err
			}
			if readOnly(p.toks) {
				// SHOW's shape comes from running it, as the command
				// reader has no planner.
				res, err := s.execute(p.toks)
				if err != nil {
					return err
				}
				p.fields = res.fields
			}
		} else {
			st, err := s.sql.Prepare(m.Query, p.ast, m.ParameterOIDs)
			if err != nil {
				return err
			}
			p.st = st
			p.paramOIDs = make([]uint32, len(st.ParamTypes))
			for i, t := range st.ParamTypes {
				p.paramOIDs[i] = t.Oid
				if q := st.Query; q != nil && i < len(q.ParamDomains) && q.ParamDomains[i] != 0 {
					p.paramOIDs[i] = q.ParamDomains[i] // described by its domain
				}
			}
			p.fields = fieldsOf(st.Cols)
		}
	}
	s.stmts[m.Name] = p
	s.be.Send(&pgproto3.ParseComplete{})
	return nil
}

// decodeParams reads Bind's parameter values by their types.
func (s *Session) decodeParams(p *prepared, m *pgproto3.Bind) ([]types.Datum, error) {
	out := make([]types.Datum, len(m.Parameters))
	for i, raw := range m.Parameters {
		if raw == nil {
			out[i] = types.Null
			continue
		}
		format := int16(0)
		switch {
		case len(m.ParameterFormatCodes) == 1:
			format = m.ParameterFormatCodes[0]
		case i < len(m.ParameterFormatCodes):
			format = m.ParameterFormatCodes[i]
		}
		t := types.Of(types.TextOid)
		if p.st != nil && i < len(p.st.ParamTypes) {
			t = p.st.ParamTypes[i]
		}
		var d types.Datum
		var err error
		if format == 1 {
			d, err = types.Recv(t, raw, s.sql.Env())
		} else {
			d, err = types.Input(t, string(raw), s.sql.Env())
		}
		if err != nil {
			return nil, err
		}
		out[i] = d
	}
	return out, nil
}

// sqlExecute runs a portal through the engine.
func (s *Session) sqlExecute(pt *portal, m *pgproto3.Execute) error {
	if pt.stmt.ast == nil {
		s.be.Send(&pgproto3.EmptyQueryResponse{})
		return nil
	}
	if pt.stmt.st == nil {
		res, err := s.execute(pt.stmt.toks)
		if err != nil {
			return err
		}
		s.sql.SettingsChanged()
		for _, row := range res.rows {
			vals, err := encodeRow(row, res.fields, pt.formats)
			if err != nil {
				return err
			}
			s.sendDataRow(vals)
		}
		s.sendComplete(res.tag)
		return nil
	}
	if pt.ep == nil {
		s.env.Counters.Queries.Add(1)
		s.env.Proc.SetQuery(pt.stmt.sql)
		ep, err := s.sql.Bind(pt.stmt.st, pt.params)
		if err != nil {
			return err
		}
		pt.ep = ep
	}
	suspended, tag, err := s.sql.Fetch(pt.ep, int(m.MaxRows), func(row []types.Datum) error {
		return s.sendRow(row, pt.stmt.st.Cols, pt.formats)
	})
	s.sendNotices()
	if err != nil {
		return err
	}
	if suspended {
		s.be.Send(&pgproto3.PortalSuspended{})
		return nil
	}
	s.sendComplete(tag)
	return nil
}

var _ = engine.Stmt{}

// reusedMsgs are the messages sent for every statement, kept in the
// session: Send encodes a message into the output buffer at once, so one
// of each kind serves every row and statement without an allocation.
type reusedMsgs struct {
	row      pgproto3.DataRow
	complete pgproto3.CommandComplete
	ready    pgproto3.ReadyForQuery
	tag      []byte
}

// sendDataRow sends a DataRow of vals.
func (s *Session) sendDataRow(vals [][]byte) {
	s.msgs.row.Values = vals
	s.be.Send(&s.msgs.row)
	s.msgs.row.Values = nil
}

// sendComplete sends CommandComplete with tag.
func (s *Session) sendComplete(tag string) {
	s.msgs.tag = append(s.msgs.tag[:0], tag...)
	s.msgs.complete.CommandTag = s.msgs.tag
	s.be.Send(&s.msgs.complete)
}
