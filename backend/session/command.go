package session

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"

	"ringpg/pgerr"
	"ringpg/settings"
)

// Type OIDs of the values the command reader produces.
const (
	oidBool    = 16
	oidInt8    = 20
	oidInt4    = 23
	oidText    = 25
	oidNumeric = 1700
)

// value is one output column's value; null when isNull.
type value struct {
	oid    uint32
	text   string
	isNull bool
}

// simpleQuery runs every statement of a Query message; the first error ends
// the message, as PostgreSQL's implicit transaction does.
func (s *Session) simpleQuery(q string) {
	s.env.Counters.Queries.Add(1)
	s.env.Proc.SetQuery(q)
	s.dropUnnamed()
	if s.env.ClearInterrupt != nil {
		s.env.ClearInterrupt()
	}
	if s.sql != nil {
		s.sqlSimpleQuery(q)
		return
	}
	stmts, offsets := splitStatements(q)
	ran := false
	for i, stmt := range stmts {
		toks, err := lex(stmt, charPos(q, offsets[i]))
		if err == nil && len(toks) == 0 {
			continue
		}
		ran = true
		var res *result
		if err == nil {
			res, err = s.execute(toks)
		}
		if err != nil {
			s.sendError(pgerr.From(err))
			return
		}
		if res.fields != nil {
			s.be.Send(&pgproto3.RowDescription{Fields: res.fields})
		}
		for _, row := range res.rows {
			s.sendDataRow(row)
		}
		s.sendComplete(res.tag)
	}
	if !ran {
		s.be.Send(&pgproto3.EmptyQueryResponse{})
	}
}

// result is what one statement produced: its row shape (nil when it
// returns no rows), the rows in text format, and the command tag.
type result struct {
	fields []pgproto3.FieldDescription
	rows   [][][]byte
	tag    string
}

// checkHead refuses, as a parse error, a statement the command reader does
// not handle at all.
func checkHead(toks []token) error {
	head := toks[0]
	if head.kind != tokIdent || head.quoted {
		return syntaxError(head)
	}
	switch head.text {
	case "select", "show", "set", "reset":
		return nil
	}
	if kw := strings.ToUpper(head.text); statementKeywords[kw] {
		return pgerr.New(pgerr.FeatureNotSupported, "%s is not supported yet", kw)
	}
	return syntaxError(head)
}

// execute runs one statement of the command reader's small language.
func (s *Session) execute(toks []token) (*result, error) {
	if err := checkHead(toks); err != nil {
		return nil, err
	}
	head := toks[0]
	switch head.text {
	case "select":
		return s.execSelect(toks[1:], head)
	case "show":
		return s.execShow(toks[1:], head)
	case "set":
		return s.execSet(toks[1:], head)
	default:
		return s.execReset(toks[1:], head)
	}
}

// readOnly says whether a statement can be run to learn its result shape
// (Describe of a prepared statement) without changing anything.
func readOnly(toks []token) bool {
	return len(toks) > 0 && toks[0].kind == tokIdent && !toks[0].quoted &&
		(toks[0].text == "select" || toks[0].text == "show")
}

// statementKeywords are the words that begin a PostgreSQL statement.
var statementKeywords = map[string]bool{
	"ABORT": true, "ALTER": true, "ANALYZE": true, "BEGIN": true, "CALL": true,
	"CHECKPOINT": true, "CLOSE": true, "CLUSTER": true, "COMMENT": true, "COMMIT": true,
	"COPY": true, "CREATE": true, "DEALLOCATE": true, "DECLARE": true, "DELETE": true,
	"DISCARD": true, "DO": true, "DROP": true, "END": true, "EXECUTE": true,
	"EXPLAIN": true, "FETCH": true, "GRANT": true, "IMPORT": true, "INSERT": true,
	"LISTEN": true, "LOAD": true, "LOCK": true, "MERGE": true, "MOVE": true,
	"NOTIFY": true, "PREPARE": true, "REASSIGN": true, "REFRESH": true, "REINDEX": true,
	"RELEASE": true, "REVOKE": true, "ROLLBACK": true, "SAVEPOINT": true, "SECURITY": true,
	"START": true, "TABLE": true, "TRUNCATE": true, "UNLISTEN": true, "UPDATE": true,
	"VACUUM": true, "VALUES": true, "WITH": true,
}

func syntaxError(t token) *pgerr.Error {
	text := t.text
	if t.kind == tokString {
		text = "'" + text + "'"
	}
	return pgerr.New(pgerr.SyntaxError, "syntax error at or near %q", text).WithPosition(t.pos)
}

// syntaxErrorAtEnd is PostgreSQL's error for a statement that stops early.
func syntaxErrorAtEnd(last token) *pgerr.Error {
	return pgerr.New(pgerr.SyntaxError, "syntax error at end of input").WithPosition(last.pos + len([]rune(last.text)))
}

// execSelect handles SELECT of constants and a few niladic functions.
func (s *Session) execSelect(toks []token, head token) (*result, error) {
	if len(toks) == 0 {
		// "SELECT;" returns one row of no columns.
		return &result{fields: []pgproto3.FieldDescription{}, rows: [][][]byte{{}}, tag: "SELECT 1"}, nil
	}
	res := &result{tag: "SELECT 1"}
	var row [][]byte
	for len(toks) > 0 {
		v, name, rest, err := s.selectItem(toks)
		if err != nil {
			return nil, err
		}
		toks = rest
		if len(toks) > 0 && toks[0].kind == tokIdent && !toks[0].quoted && toks[0].text == "as" {
			if len(toks) < 2 {
				return nil, syntaxErrorAtEnd(toks[0])
			}
			toks = toks[1:]
		}
		if len(toks) > 0 && toks[0].kind == tokIdent {
			name = toks[0].text
			toks = toks[1:]
		}
		if len(toks) > 0 {
			if toks[0].text != "," || toks[0].kind != tokPunct {
				return nil, syntaxError(toks[0])
			}
			if len(toks) == 1 {
				return nil, syntaxErrorAtEnd(toks[0])
			}
			toks = toks[1:]
		}
		res.fields = append(res.fields, field(name, v.oid))
		if v.isNull {
			row = append(row, nil)
		} else {
			row = append(row, []byte(v.text))
		}
	}
	res.rows = [][][]byte{row}
	return res, nil
}

func field(name string, oid uint32) pgproto3.FieldDescription {
	size := int16(-1)
	switch oid {
	case oidBool:
		size = 1
	case oidInt4:
		size = 4
	case oidInt8:
		size = 8
	}
	return pgproto3.FieldDescription{Name: []byte(name), DataTypeOID: oid, DataTypeSize: size, TypeModifier: -1}
}

// selectItem reads one constant or niladic function from toks.
func (s *Session) selectItem(toks []token) (value, string, []token, error) {
	t := toks[0]
	neg := false
	for t.kind == tokPunct && (t.text == "-" || t.text == "+") && len(toks) > 1 {
		if t.text == "-" {
			neg = !neg
		}
		toks = toks[1:]
		t = toks[0]
	}
	switch t.kind {
	case tokNumber:
		v, err := numberValue(t, neg)
		return v, "?column?", toks[1:], err
	case tokString:
		if neg {
			return value{}, "", nil, pgerr.New(pgerr.FeatureNotSupported, "operators are not supported yet").WithPosition(t.pos)
		}
		return value{oid: oidText, text: t.text}, "?column?", toks[1:], nil
	case tokIdent:
		if neg {
			return value{}, "", nil, pgerr.New(pgerr.FeatureNotSupported, "operators are not supported yet").WithPosition(t.pos)
		}
		return s.identItem(toks)
	}
	return value{}, "", nil, syntaxError(t)
}

func (s *Session) identItem(toks []token) (value, string, []token, error) {
	t := toks[0]
	if !t.quoted {
		switch t.text {
		case "true", "false":
			return value{oid: oidBool, text: t.text[:1]}, "bool", toks[1:], nil
		case "null":
			return value{oid: oidText, isNull: true}, "?column?", toks[1:], nil
		case "current_user", "session_user", "user", "current_role":
			return value{oid: 19, text: s.user}, t.text, toks[1:], nil
		case "current_catalog":
			return value{oid: 19, text: s.database}, t.text, toks[1:], nil
		}
	}
	call := len(toks) >= 3 && toks[1].text == "(" && toks[1].kind == tokPunct
	if !call {
		return value{}, "", nil, pgerr.New(pgerr.UndefinedColumn, "column %q does not exist", t.text).WithPosition(t.pos)
	}
	var args []token
	rest := toks[2:]
	for len(rest) > 0 && !(rest[0].kind == tokPunct && rest[0].text == ")") {
		if rest[0].kind != tokPunct || rest[0].text != "," {
			args = append(args, rest[0])
		}
		rest = rest[1:]
	}
	if len(rest) == 0 {
		return value{}, "", nil, syntaxErrorAtEnd(toks[len(toks)-1])
	}
	rest = rest[1:]
	v, err := s.callFunction(t, args)
	return v, t.text, rest, err
}

// callFunction evaluates the few functions the command reader knows.
func (s *Session) callFunction(name token, args []token) (value, error) {
	switch {
	case name.text == "version" && len(args) == 0:
		v, _ := s.env.Settings.Show("server_version")
		return value{oid: oidText, text: "PostgreSQL " + v + " (ringpg) on x86_64-pc-linux-gnu, compiled by Go, 64-bit"}, nil
	case name.text == "pg_backend_pid" && len(args) == 0:
		return value{oid: oidInt4, text: strconv.Itoa(int(s.env.Pid))}, nil
	case name.text == "current_database" && len(args) == 0:
		return value{oid: 19, text: s.database}, nil
	case name.text == "current_setting" && len(args) == 1 && args[0].kind == tokString:
		v, err := s.env.Settings.Show(args[0].text)
		if err != nil {
			return value{}, err
		}
		return value{oid: oidText, text: v}, nil
	}
	return value{}, pgerr.New("42883", "function %s(%s) does not exist", name.text, argTypes(args)).
		WithHint("No function matches the given name and argument types. You might need to add explicit type casts.").
		WithPosition(name.pos)
}

func argTypes(args []token) string {
	var ts []string
	for _, a := range args {
		switch a.kind {
		case tokNumber:
			ts = append(ts, "integer")
		default:
			ts = append(ts, "unknown")
		}
	}
	return strings.Join(ts, ", ")
}

// numberValue types a numeric literal as PostgreSQL does: integer when it
// fits int4, bigint when it fits int8, numeric otherwise.
func numberValue(t token, neg bool) (value, error) {
	text := t.text
	if neg {
		text = "-" + text
	}
	if !strings.ContainsAny(text, ".eE") {
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			if n >= -1<<31 && n < 1<<31 {
				return value{oid: oidInt4, text: strconv.FormatInt(n, 10)}, nil
			}
			return value{oid: oidInt8, text: strconv.FormatInt(n, 10)}, nil
		}
		return value{oid: oidNumeric, text: strings.TrimLeft(text, "+")}, nil
	}
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		return value{}, pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type numeric: %q", text).WithPosition(t.pos)
	}
	return value{oid: oidNumeric, text: formatNumeric(r, text)}, nil
}

// formatNumeric prints a decimal literal with the scale it was written with,
// as numeric does (1.50 stays 1.50; 1e3 becomes 1000).
func formatNumeric(r *big.Rat, text string) string {
	scale := 0
	mant := strings.ToLower(text)
	exp := 0
	if i := strings.IndexByte(mant, 'e'); i >= 0 {
		exp, _ = strconv.Atoi(mant[i+1:])
		mant = mant[:i]
	}
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		scale = len(mant) - i - 1
	}
	scale -= exp
	if scale < 0 {
		scale = 0
	}
	return r.FloatString(scale)
}

// execShow handles SHOW name and SHOW ALL.
func (s *Session) execShow(toks []token, head token) (*result, error) {
	if len(toks) == 0 {
		return nil, syntaxErrorAtEnd(head)
	}
	name := toks[0].text
	consumed := 1
	if len(toks) >= 2 && !toks[0].quoted && toks[0].text == "time" && toks[1].text == "zone" {
		name, consumed = "timezone", 2
	} else if len(toks) >= 3 && !toks[0].quoted && toks[0].text == "transaction" && toks[1].text == "isolation" && toks[2].text == "level" {
		name, consumed = "transaction_isolation", 3
	}
	if toks[0].kind != tokIdent {
		return nil, syntaxError(toks[0])
	}
	if len(toks) > consumed {
		return nil, syntaxError(toks[consumed])
	}
	if name == "all" && !toks[0].quoted {
		res := &result{tag: "SHOW", fields: []pgproto3.FieldDescription{
			field("name", oidText), field("setting", oidText), field("description", oidText)}}
		for _, r := range s.env.Settings.ShowAll() {
			res.rows = append(res.rows, [][]byte{[]byte(r.Name), []byte(r.Setting), []byte(r.Description)})
		}
		return res, nil
	}
	v, err := s.env.Settings.Show(name)
	if err != nil {
		return nil, err
	}
	return &result{tag: "SHOW", fields: []pgproto3.FieldDescription{field(canonicalName(name), oidText)},
		rows: [][][]byte{{[]byte(v)}}}, nil
}

// execSet handles SET [SESSION | LOCAL] name {TO | =} value [, ...].
func (s *Session) execSet(toks []token, head token) (*result, error) {
	if len(toks) == 0 {
		return nil, syntaxErrorAtEnd(head)
	}
	local := false
	if toks[0].kind == tokIdent && !toks[0].quoted && (toks[0].text == "session" || toks[0].text == "local") {
		local = toks[0].text == "local"
		if len(toks) == 1 {
			return nil, syntaxErrorAtEnd(toks[0])
		}
		if toks[1].text != "authorization" || toks[0].text != "session" {
			toks = toks[1:]
		}
	}
	name := toks[0]
	if name.kind != tokIdent {
		return nil, syntaxError(name)
	}
	var valToks []token
	switch {
	case !name.quoted && name.text == "time" && len(toks) >= 2 && toks[1].text == "zone":
		name.text = "timezone"
		valToks = toks[2:]
	case !name.quoted && name.text == "role" && !local:
		return s.setRole(toks[1:])
	case !name.quoted && (name.text == "role" || name.text == "session" || name.text == "transaction" || name.text == "constraints"):
		return nil, pgerr.New(pgerr.FeatureNotSupported, "SET %s is not supported yet", strings.ToUpper(name.text))
	default:
		if len(toks) < 2 {
			return nil, syntaxErrorAtEnd(name)
		}
		if sep := toks[1]; !(sep.kind == tokPunct && sep.text == "=") && !(sep.kind == tokIdent && sep.text == "to") {
			return nil, syntaxError(sep)
		}
		valToks = toks[2:]
	}
	if len(valToks) == 0 {
		return nil, syntaxErrorAtEnd(toks[len(toks)-1])
	}
	val, isDefault, err := setValue(valToks)
	if err != nil {
		return nil, err
	}
	if local && s.env.Settings.InTx() {
		// Inside a transaction block: until the block ends.
		if isDefault {
			err = s.env.Settings.SetToDefault(name.text, true, true)
		} else {
			err = s.env.Settings.SetLocal(name.text, val, true)
		}
		if err != nil {
			return nil, err
		}
	} else if local {
		// Outside a transaction block SET LOCAL has no effect.
		s.be.Send(&pgproto3.NoticeResponse{Severity: "WARNING", SeverityUnlocalized: "WARNING", Code: "25P01",
			Message: "SET LOCAL can only be used in transaction blocks"})
		if _, err := s.env.Settings.Show(name.text); err != nil {
			return nil, err
		}
	} else if isDefault {
		if err := s.env.Settings.SetToDefault(name.text, true, false); err != nil {
			return nil, err
		}
	} else if err := s.env.Settings.SetSession(name.text, val, true); err != nil {
		return nil, err
	}
	return &result{tag: "SET"}, nil
}

// setValue joins a SET value list: words and numbers as written, strings
// unquoted, items separated by ", " (search_path = a, b).
func setValue(toks []token) (string, bool, error) {
	if len(toks) == 1 && toks[0].kind == tokIdent && !toks[0].quoted && toks[0].text == "default" {
		return "", true, nil
	}
	var parts []string
	expectItem := true
	neg := ""
	for _, t := range toks {
		switch {
		case expectItem && t.kind == tokPunct && (t.text == "-" || t.text == "+"):
			if t.text == "-" {
				neg = "-"
			}
		case expectItem && (t.kind == tokIdent || t.kind == tokString || t.kind == tokNumber):
			if neg != "" && t.kind != tokNumber {
				return "", false, syntaxError(t)
			}
			parts = append(parts, neg+t.text)
			neg, expectItem = "", false
		case !expectItem && t.kind == tokPunct && t.text == ",":
			expectItem = true
		default:
			return "", false, syntaxError(t)
		}
	}
	if expectItem {
		return "", false, syntaxErrorAtEnd(toks[len(toks)-1])
	}
	return strings.Join(parts, ", "), false, nil
}

// execReset handles RESET name and RESET ALL.
func (s *Session) execReset(toks []token, head token) (*result, error) {
	if len(toks) == 0 {
		return nil, syntaxErrorAtEnd(head)
	}
	name := toks[0]
	if len(toks) >= 2 && !name.quoted && name.text == "time" && toks[1].text == "zone" {
		name.text = "timezone"
		toks = toks[1:]
	}
	if len(toks) > 1 {
		return nil, syntaxError(toks[1])
	}
	if name.kind != tokIdent {
		return nil, syntaxError(name)
	}
	if !name.quoted && name.text == "all" {
		s.env.Settings.ResetAll()
	} else if err := s.env.Settings.Reset(name.text, true); err != nil {
		return nil, err
	}
	return &result{tag: "RESET"}, nil
}

// canonicalName is a setting's name as SHOW's column header spells it.
func canonicalName(name string) string {
	if d := settings.Lookup(name); d != nil {
		return d.Name
	}
	return name
}

// setRole is SET ROLE name | NONE: the current user becomes name, which
// the session user must be a member of (or a superuser).
func (s *Session) setRole(toks []token) (*result, error) {
	if len(toks) == 0 {
		return nil, pgerr.New(pgerr.SyntaxError, "syntax error at end of input")
	}
	if len(toks) > 1 {
		return nil, syntaxError(toks[1])
	}
	role := toks[0].text
	if toks[0].kind == tokIdent && !toks[0].quoted && role == "none" {
		if err := s.env.Settings.SetSession("role", "none", true); err != nil {
			return nil, err
		}
		return &result{tag: "SET"}, nil
	}
	if e := s.env.Engine; e != nil {
		r, err := e.RoleForLogin(role)
		if err != nil {
			return nil, err
		}
		if r == nil {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "role \"%s\" does not exist", role)
		}
		me, err := e.RoleForLogin(s.user)
		if err != nil {
			return nil, err
		}
		if me == nil || !me.Super && !e.RoleIsMember(s.user, role) {
			return nil, pgerr.New(pgerr.InsufficientPrivilege, "permission denied to set role \"%s\"", role)
		}
	}
	if err := s.env.Settings.SetSession("role", role, true); err != nil {
		return nil, err
	}
	return &result{tag: "SET"}, nil
}
