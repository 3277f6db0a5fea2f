package session

import (
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"

	"ringpg/backend/sql/engine"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// copyFrom runs COPY ... FROM STDIN: CopyInResponse, then the client's
// CopyData until CopyDone or CopyFail. An error in the data is reported
// only after the client has finished sending, as PostgreSQL does.
func (s *Session) copyFrom(q string, st parser.Stmt) error {
	ci, err := s.sql.StartCopyIn(q, st)
	if err != nil {
		return err
	}
	n := ci.Columns()
	resp := &pgproto3.CopyInResponse{OverallFormat: 0, ColumnFormatCodes: make([]uint16, n)}
	if ci.Binary() {
		resp.OverallFormat = 1
		for i := range resp.ColumnFormatCodes {
			resp.ColumnFormatCodes[i] = 1
		}
	}
	s.be.Send(resp)
	if err := s.be.Flush(); err != nil {
		return err
	}
	if err := s.wire.flush(); err != nil {
		return err
	}
	var dataErr error
	for {
		msg, err := s.be.Receive()
		if err != nil {
			ci.Fail()
			return s.receiveError(err)
		}
		switch m := msg.(type) {
		case *pgproto3.CopyData:
			if dataErr == nil {
				if dataErr = ci.Data(m.Data); dataErr != nil {
					ci.Fail()
				}
			}
		case *pgproto3.CopyDone:
			if dataErr != nil {
				return dataErr
			}
			tag, err := ci.Done()
			if err != nil {
				return err
			}
			s.sendComplete(tag)
			return nil
		case *pgproto3.CopyFail:
			if dataErr == nil {
				ci.Fail()
			}
			return pgerr.New(pgerr.QueryCanceled, "COPY from stdin failed: %s", m.Message)
		case *pgproto3.Flush, *pgproto3.Sync:
		default:
			ci.Fail()
			return pgerr.New(pgerr.ProtocolViolation, "unexpected message type 0x%02X during COPY from stdin", msgType(msg))
		}
	}
}

// copyTo runs COPY ... TO STDOUT in text or CSV format.
func (s *Session) copyTo(q string, c *parser.CopyStmt) error {
	if c.Filename != "" || c.IsProgram {
		return pgerr.New(pgerr.InsufficientPrivilege, "COPY to a file is not supported; use COPY TO STDOUT")
	}
	csv := false
	for _, o := range c.Options {
		if a, ok := o.Arg.(*parser.AConst); ok && o.Name == "format" && strings.EqualFold(a.Val, "csv") {
			csv = true
		}
	}
	var sel parser.Stmt = c.Query
	if sel == nil {
		cols := "*"
		if len(c.Cols) > 0 {
			quoted := make([]string, len(c.Cols))
			for i, n := range c.Cols {
				quoted[i] = parser.QuoteIdent(n)
			}
			cols = strings.Join(quoted, ", ")
		}
		name := parser.QuoteIdent(c.Relation.Name)
		if c.Relation.Schema != "" {
			name = parser.QuoteIdent(c.Relation.Schema) + "." + name
		}
		stmts, err := parser.Parse("SELECT " + cols + " FROM " + name)
		if err != nil {
			return err
		}
		sel, q = stmts[0], "SELECT "+cols+" FROM "+name
	}
	prep, err := s.sql.Prepare(q, sel, nil)
	if err != nil {
		return err
	}
	portal, err := s.sql.Bind(prep, nil)
	if err != nil {
		return err
	}
	s.be.Send(&pgproto3.CopyOutResponse{OverallFormat: 0, ColumnFormatCodes: make([]uint16, len(prep.Cols))})
	var rows int64
	var line []byte
	_, _, err = s.sql.Fetch(portal, 0, func(row []types.Datum) error {
		line = line[:0]
		for i, d := range row {
			if i >= len(prep.Cols) {
				break
			}
			if i > 0 {
				if csv {
					line = append(line, ',')
				} else {
					line = append(line, '\t')
				}
			}
			if d.Null {
				if !csv {
					line = append(line, `\N`...)
				}
				continue
			}
			v := types.AppendOutput(nil, prep.Cols[i].T, d, s.sql.Env())
			if csv {
				line = appendCSV(line, v)
			} else {
				line = appendCopyText(line, v)
			}
		}
		line = append(line, '\n')
		rows++
		s.be.Send(&pgproto3.CopyData{Data: append([]byte(nil), line...)})
		return s.streamed(len(line) + 5)
	})
	if err != nil {
		return err
	}
	s.be.Send(&pgproto3.CopyDone{})
	s.sendComplete("COPY " + itoa(rows))
	return nil
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

func appendCopyText(dst, v []byte) []byte {
	for _, c := range v {
		switch c {
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

func appendCSV(dst, v []byte) []byte {
	needs := len(v) == 0
	for _, c := range v {
		if c == ',' || c == '"' || c == '\n' || c == '\r' {
			needs = true
		}
	}
	if !needs {
		return append(dst, v...)
	}
	dst = append(dst, '"')
	for _, c := range v {
		if c == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, c)
	}
	return append(dst, '"')
}

var _ = engine.IsCopy
