package session

import (
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"
	"ringpg/backend/sql/engine"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"

	"ringpg/pgerr"
)

// The extended query protocol: Parse makes a prepared statement, Bind a
// portal from it, Describe shows either's shape, Execute runs a portal
// (possibly a few rows at a time), Close drops one, Sync ends the
// implicit transaction. After an error every message up to Sync is
// skipped, so a pipelined batch fails as a whole, as in PostgreSQL.

// prepared is a prepared statement of this session.
type prepared struct {
	ast       parser.Stmt  // nil for an empty query (engine path)
	st        *engine.Stmt // the engine's statement; nil for SET/SHOW/RESET
	sql       string
	toks      []token                     // nil for an empty query
	paramOIDs []uint32                    // as the client declared them
	fields    []pgproto3.FieldDescription // nil when the statement returns no rows
}

// portal is a bound statement ready to run.
type portal struct {
	stmt    *prepared
	formats []int16 // result column formats, one per column after Bind
	res     *result // nil until the first Execute
	params  []types.Datum
	ep      *engine.Portal
	next    int // index of the next row to send
}

// dropStatement drops the named statement name, or every named one for
// "", for SQL DEALLOCATE; it reports whether name existed.
func (s *Session) dropStatement(name string) bool {
	if name == "" {
		for n := range s.stmts {
			if n != "" {
				delete(s.stmts, n)
			}
		}
		return true
	}
	_, ok := s.stmts[name]
	delete(s.stmts, name)
	return ok
}

func (s *Session) dropUnnamed() {
	delete(s.stmts, "")
	delete(s.portals, "")
}

// extended handles one extended-protocol message. It returns an error only
// for what ends the session (I/O); statement errors are sent to the client
// and put the session into skip-to-Sync.
func (s *Session) extended(msg pgproto3.FrontendMessage) {
	if s.skipToSync {
		return
	}
	var err error
	switch m := msg.(type) {
	case *pgproto3.Parse:
		err = s.parse(m)
	case *pgproto3.Bind:
		err = s.bind(m)
	case *pgproto3.Describe:
		err = s.describe(m)
	case *pgproto3.Execute:
		err = s.executePortal(m)
	case *pgproto3.Close:
		if m.ObjectType == 'S' {
			delete(s.stmts, m.Name)
		} else if _, ok := s.portals[m.Name]; ok || s.sql == nil {
			delete(s.portals, m.Name)
		} else {
			s.sql.DropCursor(m.Name) // a DECLAREd cursor is a portal too
		}
		s.be.Send(&pgproto3.CloseComplete{})
	}
	if err != nil {
		s.sendError(pgerr.From(err))
		s.skipToSync = true
	}
}

func (s *Session) parse(m *pgproto3.Parse) error {
	if m.Name != "" {
		if _, ok := s.stmts[m.Name]; ok {
			return pgerr.New("42P05", "prepared statement %q already exists", m.Name)
		}
	}
	if s.sql != nil {
		return s.sqlParse(m)
	}
	stmts, offsets := splitStatements(m.Query)
	var toks []token
	for i, stmt := range stmts {
		t, err := lex(stmt, charPos(m.Query, offsets[i]))
		if err != nil {
			return err
		}
		if len(t) == 0 {
			continue
		}
		if toks != nil {
			return pgerr.New(pgerr.SyntaxError, "cannot insert multiple commands into a prepared statement")
		}
		if err := checkHead(t); err != nil {
			return err
		}
		toks = t
	}
	p := &prepared{sql: m.Query, toks: toks, paramOIDs: m.ParameterOIDs}
	if readOnly(toks) {
		// Running a read-only statement is how the command reader learns
		// its shape; the SQL engine will plan instead.
		res, err := s.execute(toks)
		if err != nil {
			return err
		}
		p.fields = res.fields
	}
	s.stmts[m.Name] = p
	s.be.Send(&pgproto3.ParseComplete{})
	return nil
}

func (s *Session) bind(m *pgproto3.Bind) error {
	p, ok := s.stmts[m.PreparedStatement]
	if !ok {
		return pgerr.New("26000", "prepared statement %q does not exist", m.PreparedStatement)
	}
	if len(m.Parameters) != len(p.paramOIDs) {
		return pgerr.New(pgerr.ProtocolViolation,
			"bind message supplies %d parameters, but prepared statement %q requires %d",
			len(m.Parameters), m.PreparedStatement, len(p.paramOIDs))
	}
	if m.DestinationPortal != "" {
		if _, ok := s.portals[m.DestinationPortal]; ok || s.isCursor(m.DestinationPortal) {
			return pgerr.New("42P03", "cursor %q already exists", m.DestinationPortal)
		}
	}
	formats, err := resultFormats(m.ResultFormatCodes, len(p.fields))
	if err != nil {
		return err
	}
	pt := &portal{stmt: p, formats: formats}
	if s.sql != nil {
		if pt.params, err = s.decodeParams(p, m); err != nil {
			return err
		}
	}
	s.portals[m.DestinationPortal] = pt
	s.be.Send(&pgproto3.BindComplete{})
	return nil
}

// allText is the formats of a result all in text, shared by every portal
// that asked for no other (portals only read their formats).
var allText = make([]int16, 1664)

// resultFormats expands Bind's result format codes: none means all text,
// one applies to every column, otherwise one per column.
func resultFormats(codes []int16, n int) ([]int16, error) {
	if len(codes) == 0 && n <= len(allText) {
		return allText[:n:n], nil
	}
	out := make([]int16, n)
	switch {
	case len(codes) == 0:
	case len(codes) == 1:
		for i := range out {
			out[i] = codes[0]
		}
	case len(codes) == n:
		copy(out, codes)
	default:
		return nil, pgerr.New(pgerr.ProtocolViolation, "bind message has %d result formats but query has %d columns", len(codes), n)
	}
	for _, c := range out {
		if c != 0 && c != 1 {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "unsupported format code: %d", c)
		}
	}
	return out, nil
}

func (s *Session) describe(m *pgproto3.Describe) error {
	if m.ObjectType == 'S' {
		p, ok := s.stmts[m.Name]
		if !ok {
			return pgerr.New("26000", "prepared statement %q does not exist", m.Name)
		}
		s.be.Send(&pgproto3.ParameterDescription{ParameterOIDs: p.paramOIDs})
		s.sendShape(p.fields, nil)
		return nil
	}
	pt, ok := s.portals[m.Name]
	if !ok {
		if s.isCursor(m.Name) {
			s.describeCursor(m.Name)
			return nil
		}
		return pgerr.New("34000", "portal %q does not exist", m.Name)
	}
	s.sendShape(pt.stmt.fields, pt.formats)
	return nil
}

// sendShape sends RowDescription (with the given formats) or NoData.
func (s *Session) sendShape(fields []pgproto3.FieldDescription, formats []int16) {
	if fields == nil {
		s.be.Send(&pgproto3.NoData{})
		return
	}
	out := make([]pgproto3.FieldDescription, len(fields))
	copy(out, fields)
	for i := range out {
		if i < len(formats) {
			out[i].Format = formats[i]
		}
	}
	s.be.Send(&pgproto3.RowDescription{Fields: out})
}

func (s *Session) executePortal(m *pgproto3.Execute) error {
	pt, ok := s.portals[m.Portal]
	if !ok {
		if s.isCursor(m.Portal) {
			return s.executeCursor(m)
		}
		return pgerr.New("34000", "portal %q does not exist", m.Portal)
	}
	if s.sql != nil {
		return s.sqlExecute(pt, m)
	}
	if pt.stmt.toks == nil {
		s.be.Send(&pgproto3.EmptyQueryResponse{})
		return nil
	}
	if pt.res == nil {
		s.env.Counters.Queries.Add(1)
		s.env.Proc.SetQuery(pt.stmt.sql)
		res, err := s.execute(pt.stmt.toks)
		if err != nil {
			return err
		}
		pt.res = res
	}
	rows := pt.res.rows[pt.next:]
	if m.MaxRows > 0 && uint32(len(rows)) > m.MaxRows {
		rows = rows[:m.MaxRows]
	}
	for _, row := range rows {
		vals, err := encodeRow(row, pt.res.fields, pt.formats)
		if err != nil {
			return err
		}
		s.sendDataRow(vals)
	}
	pt.next += len(rows)
	if pt.next < len(pt.res.rows) {
		s.be.Send(&pgproto3.PortalSuspended{})
		return nil
	}
	s.sendComplete(pt.res.tag)
	return nil
}

// typeMap converts text-format values to binary ones; it is only read.
var typeMap = pgtype.NewMap()

// encodeRow turns a row of text values into the formats the client asked for.
func encodeRow(row [][]byte, fields []pgproto3.FieldDescription, formats []int16) ([][]byte, error) {
	out, copied := row, false
	for i, v := range row {
		if v == nil || i >= len(formats) || formats[i] == pgtype.TextFormatCode {
			continue
		}
		if !copied { // the stored text row stays as it was, for re-execution
			out, copied = append([][]byte(nil), row...), true
		}
		b, err := toBinary(fields[i].DataTypeOID, v)
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

func toBinary(oid uint32, text []byte) ([]byte, error) {
	var v any
	if err := typeMap.Scan(oid, pgtype.TextFormatCode, text, &v); err != nil {
		return nil, pgerr.New(pgerr.InternalError, "converting %q to binary: %v", text, err)
	}
	b, err := typeMap.Encode(oid, pgtype.BinaryFormatCode, v, nil)
	if err != nil {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "binary output is not supported for type %d: %v", oid, err)
	}
	return b, nil
}
