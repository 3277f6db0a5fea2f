package engine

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/checkpoint"
	"ringpg/backend/sql/expr"
	"ringpg/backend/storage/lmgr"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"ringpg/backend/access/btree"
	"ringpg/backend/access/btree/keyenc"
	"ringpg/backend/catalog"
	"ringpg/backend/catalog/acl"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/backend/storage/bufmgr"
	"ringpg/pgerr"
)

var timeNow = time.Now

// utility runs a statement that does not go through the planner.
func (s *Session) utility(st *Stmt) (string, error) {
	if t, ok := st.AST.(*parser.TransactionStmt); ok {
		return s.transaction(t)
	}
	return s.inUtility(st, func() (string, error) { return s.ddl(st.AST) })
}

// inUtility runs the work of utility command st in the session's
// transaction (an implicit one if none is open).
func (s *Session) inUtility(st *Stmt, run func() (string, error)) (string, error) {
	if s.failed {
		return "", failedError()
	}
	implicit := s.xact == nil
	s.begin()
	s.cat.BeginStatement()
	s.utilitySQL = st.SQL
	tag, err := run()
	if err != nil {
		s.statementFailed()
		return "", err
	}
	if err := s.afterCommand(); err != nil {
		s.statementFailed()
		return "", err
	}
	_ = implicit
	return tag, nil
}

// transaction runs BEGIN, COMMIT, ROLLBACK and savepoints.
func (s *Session) transaction(t *parser.TransactionStmt) (string, error) {
	switch t.Kind {
	case parser.TransBegin, parser.TransStart:
		s.begin()
		s.inBlock = true
		for _, o := range t.Options {
			if err := s.txnOption(o); err != nil {
				return "", err
			}
		}
		if t.Kind == parser.TransStart {
			return "START TRANSACTION", nil
		}
		return "BEGIN", nil
	case parser.TransCommit:
		if !s.inBlock {
			s.notice(pgerr.New(pgerr.NoActiveSQLTransaction, "there is no transaction in progress"))
			return "COMMIT", s.commit()
		}
		if s.failed {
			s.abort()
			return "ROLLBACK", nil
		}
		return "COMMIT", s.commit()
	case parser.TransRollback:
		if !s.inBlock {
			s.notice(pgerr.New(pgerr.NoActiveSQLTransaction, "there is no transaction in progress"))
		}
		s.abort()
		return "ROLLBACK", nil
	case parser.TransSavepoint:
		if !s.inBlock {
			return "", pgerr.New(pgerr.NoActiveSQLTransaction, "SAVEPOINT can only be used in transaction blocks")
		}
		if s.failed {
			return "", failedError()
		}
		s.xact.BeginSub()
		s.e.stats.BeginSub()
		s.savepoints = append(s.savepoints, t.Savepoint)
		s.subMarks = append(s.subMarks, s.cat.Mark())
		s.notifyBeginSub()
		return "SAVEPOINT", nil
	case parser.TransRelease, parser.TransRollbackTo:
		verb := "RELEASE"
		if t.Kind == parser.TransRollbackTo {
			verb = "ROLLBACK TO"
		}
		if !s.inBlock {
			return "", pgerr.New(pgerr.NoActiveSQLTransaction, "%s SAVEPOINT can only be used in transaction blocks", verb)
		}
		if s.failed && t.Kind == parser.TransRelease {
			return "", failedError()
		}
		i := len(s.savepoints) - 1
		for ; i >= 0 && s.savepoints[i] != t.Savepoint; i-- {
		}
		if i < 0 {
			return "", pgerr.New("3B001", "savepoint %q does not exist", t.Savepoint)
		}
		if t.Kind == parser.TransRollbackTo {
			s.cursorsAtSubAbort(i + 1)
		} else {
			s.cursorsAtSubCommit(i)
		}
		for len(s.savepoints) > i+1 {
			if err := s.endSub(t.Kind == parser.TransRollbackTo); err != nil {
				return "", err
			}
		}
		if t.Kind == parser.TransRelease {
			if err := s.endSub(false); err != nil {
				return "", err
			}
			return "RELEASE", nil
		}
		// ROLLBACK TO keeps the savepoint: roll back, then start it again.
		if err := s.xact.RollbackSub(); err != nil {
			return "", err
		}
		if err := s.cat.RollbackSub(s.subMarks[len(s.subMarks)-1]); err != nil {
			return "", err
		}
		s.notifyRollbackSub()
		s.e.stats.EndSub(true)
		s.xact.BeginSub()
		s.e.stats.BeginSub()
		s.failed = false
		s.cat.NoteOwnDDL()
		s.tables = map[*catalog.Relation]*plan.Table{}
		return "ROLLBACK", nil
	}
	return "", pgerr.New(pgerr.FeatureNotSupported, "prepared transactions are not supported")
}

func (s *Session) endSub(rollback bool) error {
	s.savepoints = s.savepoints[:len(s.savepoints)-1]
	mark := s.subMarks[len(s.subMarks)-1]
	s.subMarks = s.subMarks[:len(s.subMarks)-1]
	s.notifyEndSub(rollback)
	s.e.stats.EndSub(rollback)
	if rollback {
		if err := s.xact.RollbackSub(); err != nil {
			return err
		}
		return s.cat.RollbackSub(mark)
	}
	return s.xact.ReleaseSub()
}

func (s *Session) txnOption(o *parser.DefElem) error {
	c, _ := o.Arg.(*parser.AConst)
	switch o.Name {
	case "transaction_isolation":
		if c == nil {
			return nil
		}
		switch strings.ToLower(c.Val) {
		case "read committed", "read uncommitted":
			s.isolation = isoReadCommitted
		case "repeatable read":
			s.isolation = isoRepeatableRead
		case "serializable":
			s.isolation = isoSerializable
		}
		// SHOW transaction_isolation reports the transaction's level.
		if s.xact != nil {
			_ = s.set.SetLocal("transaction_isolation", strings.ToLower(c.Val), true)
		}
	case "transaction_read_only":
		if c != nil {
			s.readOnly = c.Bool || c.Ival != 0
			if s.xact != nil {
				_ = s.set.SetLocal("transaction_read_only", strconv.FormatBool(s.readOnly), true)
			}
		}
	}
	return nil
}

// notices queued for the client.
func (s *Session) notice(e *pgerr.Error) {
	e.Severity = pgerr.SeverityWarning
	s.notices = append(s.notices, e)
}

// TakeNotices returns the notices and warnings queued for the client.
func (s *Session) TakeNotices() []*pgerr.Error {
	n := append(s.notices, s.cat.TakeNotices()...)
	s.notices = nil
	return n
}

// ddl runs a schema-changing command.
func (s *Session) ddl(ast parser.Stmt) (string, error) {
	if s.readOnly {
		if tag := writingCommand(ast); tag != "" {
			return "", pgerr.New(pgerr.ReadOnlySQLTransaction, "cannot execute %s in a read-only transaction", tag)
		}
	}
	snap := s.snapshot()
	switch n := ast.(type) {
	case *parser.CreateStmt:
		return s.createTable(n)
	case *parser.IndexStmt:
		if n.Concurrently && s.inBlock {
			return "", pgerr.New(pgerr.ActiveSQLTransaction, "CREATE INDEX CONCURRENTLY cannot run inside a transaction block")
		}
		return s.createIndex(n)
	case *parser.DropStmt:
		if n.Concurrently && s.inBlock {
			return "", pgerr.New(pgerr.ActiveSQLTransaction, "DROP INDEX CONCURRENTLY cannot run inside a transaction block")
		}
		return s.drop(n)
	case *parser.TruncateStmt:
		return s.truncate(n)
	case *parser.CreateSchemaStmt:
		return s.createSchema(n)
	case *parser.AlterTableStmt:
		return s.alterTable(n)
	case *parser.RenameStmt:
		return s.rename(n)
	case *parser.ViewStmt:
		return s.createView(n)
	case *parser.LockStmt:
		return s.lockTable(n)
	case *parser.CreatedbStmt:
		return s.createDatabase(n)
	case *parser.DropdbStmt:
		return s.dropDatabase(n)
	case *parser.CreateSeqStmt:
		return s.createSequence(n)
	case *parser.AlterSeqStmt:
		return s.alterSequence(n)
	case *parser.ReindexStmt:
		return s.reindex(n)
	case *parser.ClusterStmt:
		return s.cluster(n)
	case *parser.PrepareStmt:
		return s.prepareSQL(n)
	case *parser.DeallocateStmt:
		if n.Name == "" {
			s.prepared = map[string]*sqlPrepared{}
			if s.dropProtocolStmt != nil {
				s.dropProtocolStmt("")
			}
			return "DEALLOCATE ALL", nil
		}
		if _, ok := s.prepared[n.Name]; ok {
			delete(s.prepared, n.Name)
			return "DEALLOCATE", nil
		}
		if s.dropProtocolStmt != nil && s.dropProtocolStmt(n.Name) {
			return "DEALLOCATE", nil
		}
		return "", pgerr.New(pgerr.InvalidSQLStatementName, "prepared statement %q does not exist", n.Name)
	case *parser.DiscardStmt:
		if n.Target == parser.DiscardAll {
			s.closeCursors(func(*cursor) bool { return true })
			if s.ntf.be != nil {
				s.ntf.ops = append(s.ntf.ops, listenOp{}) // UNLISTEN *
			}
		}
		s.prepared = map[string]*sqlPrepared{}
		s.cat.ResetSession()
		return "DISCARD " + strings.ToUpper(strings.TrimPrefix(n.String(), "DISCARD ")), nil
	case *parser.VariableSetStmt:
		return s.setTransaction(n)
	case *parser.VacuumStmt:
		return s.vacuum(n)
	case *parser.CommentStmt:
		return s.comment(n)
	case *parser.CreateRoleStmt:
		return s.createRole(n)
	case *parser.AlterRoleStmt:
		return s.alterRole(n)
	case *parser.DropRoleStmt:
		return s.dropRole(n)
	case *parser.GrantRoleStmt:
		return s.grantRole(n)
	case *parser.GrantStmt:
		return s.grant(n)
	case *parser.CreateTableAsStmt:
		return s.createTableAs(n)
	case *parser.SelectStmt:
		if n.Into != nil {
			q := *n
			q.Into = nil
			return s.createTableAs(&parser.CreateTableAsStmt{Query: &q, Into: n.Into, ObjType: parser.ObjTable, IsSelectInto: true})
		}
	case *parser.AlterDefaultPrivilegesStmt:
		return s.alterDefaultPrivileges(n)
	case *parser.CheckpointStmt:
		return "CHECKPOINT", checkpoint.Request(s.e.seg, s.interrupt)
	case *parser.ClosePortalStmt:
		return s.closeCursor(n)
	case *parser.ListenStmt:
		return s.listen(n.Channel, true)
	case *parser.UnlistenStmt:
		return s.listen(n.Channel, false)
	case *parser.NotifyStmt:
		return "NOTIFY", s.notifySend(n.Channel, n.Payload)
	case *parser.CreateEnumStmt:
		return s.createEnum(n)
	case *parser.CreateDomainStmt:
		return s.createDomain(n)
	case *parser.AlterDomainStmt:
		return s.alterDomain(n)
	case *parser.AlterEnumStmt:
		return s.alterEnum(n)
	case *parser.AlterTypeRenameStmt:
		return s.renameType(n)
	}
	_ = snap
	return "", pgerr.New(pgerr.FeatureNotSupported, "%s is not supported yet", commandName(ast))
}

func vacuumTag(n *parser.VacuumStmt) string {
	if n.IsVacuum {
		return "VACUUM"
	}
	return "ANALYZE"
}

// commandName is the statement's first keywords, for messages.
func commandName(ast parser.Stmt) string {
	var words []string
	for _, w := range strings.Fields(ast.String()) {
		if len(words) == 2 || strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 {
			break // a name, a literal or the statement's body: not the command's
		}
		words = append(words, w)
	}
	return strings.ToUpper(strings.Join(words, " "))
}

func (s *Session) createTable(n *parser.CreateStmt) (string, error) {
	snap := s.snapshot()
	var ns, owner uint32
	var err error
	persistence := catalog.PersistencePermanent
	if n.Relation.Persistence == parser.Temporary {
		persistence = catalog.PersistenceTemp
		ns, owner, err = s.tempNamespace(n.Relation.Schema)
	} else {
		ns, owner, err = s.creationNamespace(n.Relation.Schema)
	}
	if err != nil {
		return "", s.errAt(err, n.Relation.Location)
	}
	if ns == catalog.PgCatalogNamespace {
		return "", pgerr.New(pgerr.InsufficientPrivilege, "permission denied to create \"pg_catalog.%s\"", n.Relation.Name).
			WithDetail("System catalog modifications are currently disallowed.")
	}
	snap = s.snapshot() // a new temporary schema is visible from here
	spec := catalog.RelationSpec{Namespace: ns, Name: n.Relation.Name, Owner: owner, Persistence: persistence}
	s.creating.ns, s.creating.name = ns, n.Relation.Name
	defer func() { s.creating.ns, s.creating.name = 0, "" }()
	for _, o := range n.Options {
		if o.Name == "fillfactor" {
			if c, ok := o.Arg.(*parser.AConst); ok {
				spec.FillFactor = int(c.Ival)
			}
		}
		if o.Name == "autovacuum_enabled" {
			spec.NoAutovacuum = !optionTrue(o)
		}
	}
	var serials []int
	identOpts := map[int][]*parser.DefElem{}
	for _, el := range n.Elements {
		switch e := el.(type) {
		case *parser.ColumnDef:
			if err := checkColumnClauses(e, n.Relation.Name); err != nil {
				return "", err
			}
			col, serial, cons, err := s.columnSpec(e)
			if err != nil {
				return "", err
			}
			if serial {
				serials = append(serials, len(spec.Columns))
				identOpts[len(spec.Columns)] = identityOptions(e)
			}
			spec.Columns = append(spec.Columns, col)
			spec.Constraints = append(spec.Constraints, cons...)
		case *parser.Constraint:
			c, err := s.constraintSpec(e, nil)
			if err != nil {
				return "", err
			}
			if c != nil {
				spec.Constraints = append(spec.Constraints, *c)
			}
		case *parser.TableLikeClause:
			cols, cons, idents, err := s.likeSpecs(e)
			if err != nil {
				return "", err
			}
			for _, i := range idents {
				serials = append(serials, len(spec.Columns)+i)
			}
			spec.Columns = append(spec.Columns, cols...)
			spec.Constraints = append(spec.Constraints, cons...)
		default:
			return "", pgerr.New(pgerr.FeatureNotSupported, "this CREATE TABLE element is not supported yet")
		}
	}
	var badDefaults []int
	for i := range spec.Columns {
		if col := &spec.Columns[i]; col.Default != "" {
			col.DependsOn = append(col.DependsOn, s.defaultSequences(col.Default)...)
		}
		// DEFAULT NULL is no default: PostgreSQL stores none.
		if col := &spec.Columns[i]; col.Default != "" && col.Generated == 0 {
			x, _, err := plan.ColumnDefault(col.Default, col.Type, col.Name, sessionCatalog{s}, s.env)
			if err != nil {
				// Checked again once the serial columns' sequences
				// exist: the default may name one of them.
				badDefaults = append(badDefaults, i)
				continue
			}
			if c, ok := x.(*expr.Const); ok && c.Value.Null {
				col.Default = ""
			}
		}
	}
	if oid, err := s.cat.RelationIn(snap, ns, n.Relation.Name); err != nil {
		return "", err
	} else if oid != 0 {
		if n.IfNotExists {
			s.queueNotice(fmt.Sprintf("relation %q already exists, skipping", n.Relation.Name))
			return "CREATE TABLE", nil
		}
		return "", pgerr.New(pgerr.DuplicateTable, "relation %q already exists", n.Relation.Name)
	}
	s.didDDL = true
	tx := s.xact
	// serial columns: a sequence per column, then the default.
	var seqs []uint32
	for _, i := range serials {
		col := &spec.Columns[i]
		seqName := n.Relation.Name + "_" + col.Name + "_seq"
		seqSpec := catalog.SequenceSpec{Namespace: ns, Name: seqName, Type: col.Type.Oid, Owner: owner}
		if _, err := seqSpecOptions(&seqSpec, identOpts[i]); err != nil {
			return "", err
		}
		seqName = seqSpec.Name
		seq, err := s.cat.CreateSequence(tx, snap, seqSpec)
		if err != nil {
			return "", err
		}
		seqs = append(seqs, seq.Oid)
		if col.Default, err = s.serialDefault(ns, seqName); err != nil {
			return "", err
		}
		col.DependsOn = []uint32{seq.Oid}
		col.NotNull = true
	}
	if len(badDefaults) > 0 {
		if err := s.nextCommand(); err != nil {
			return "", err
		}
		for _, i := range badDefaults {
			col := &spec.Columns[i]
			if _, _, err := plan.ColumnDefault(col.Default, col.Type, col.Name, sessionCatalog{s}, s.env); err != nil {
				return "", err
			}
		}
		snap = s.snapshot()
	}
	rel, err := s.cat.CreateRelation(tx, snap, spec)
	if err != nil {
		return "", err
	}
	s.noteOnCommit(rel.Oid, n.OnCommit)
	for k, i := range serials {
		if err := s.cat.SetSequenceOwner(tx, seqs[k], rel.Oid, int16(i+1), spec.Columns[i].Identity != 0); err != nil {
			return "", err
		}
	}
	// Read the table back as the next command sees it (its foreign keys
	// name it by oid).
	if err := s.nextCommand(); err != nil {
		return "", err
	}
	if rel, err = s.cat.Relation(s.snapshot(), rel.Oid); err != nil {
		return "", err
	}
	if err := s.checkGenerated(rel); err != nil {
		return "", err
	}
	if err := s.buildIndexes(rel, rel.Indexes); err != nil {
		return "", err
	}
	return "CREATE TABLE", nil
}

// identityOptions returns the sequence options of a column's GENERATED
// ... AS IDENTITY (...), nil for other columns.
func identityOptions(e *parser.ColumnDef) []*parser.DefElem {
	for _, c := range e.Constraints {
		if c.Type == parser.ConstrIdentity {
			return c.Options
		}
	}
	return nil
}

func (s *Session) queueNotice(msg string) {
	e := pgerr.New("42P07", "%s", msg)
	e.Severity = pgerr.SeverityNotice
	s.notices = append(s.notices, e)
}

// columnSpec converts a column definition; serial reports a serial type.
func (s *Session) columnSpec(e *parser.ColumnDef) (catalog.ColumnSpec, bool, []catalog.ConstraintSpec, error) {
	spec := catalog.ColumnSpec{Name: e.Name}
	serial := false
	tn := e.Type
	switch tn.Name() {
	case "serial", "serial4":
		serial, spec.Type = true, types.Of(types.Int4Oid)
	case "bigserial", "serial8":
		serial, spec.Type = true, types.Of(types.Int8Oid)
	case "smallserial", "serial2":
		serial, spec.Type = true, types.Of(types.Int2Oid)
	default:
		t, err := planTypeName(tn)
		if err != nil {
			return spec, false, nil, err
		}
		spec.Type = t
		if d, err := s.domainNamed(tn); err != nil {
			return spec, false, nil, err
		} else if d != nil {
			spec.Type = columnDomainType(d)
		}
	}
	var cons []catalog.ConstraintSpec
	for _, c := range e.Constraints {
		switch c.Type {
		case parser.ConstrNotNull:
			spec.NotNull = true
		case parser.ConstrNull:
		case parser.ConstrDefault:
			spec.Default = c.Expr.String()
		case parser.ConstrPrimary:
			spec.NotNull = true
			cons = append(cons, catalog.ConstraintSpec{Name: c.Name, Type: 'p', Columns: []string{e.Name}})
		case parser.ConstrUnique:
			cons = append(cons, catalog.ConstraintSpec{Name: c.Name, Type: 'u', Columns: []string{e.Name}})
		case parser.ConstrCheck:
			// Named after the one column its expression uses, as a
			// table constraint is (t_check when it uses several).
			var cols []string
			if used := columnsOf(c.Expr, nil); len(used) == 1 {
				cols = used
			}
			cons = append(cons, catalog.ConstraintSpec{Name: c.Name, Type: 'c', Check: c.Expr.String(), Columns: cols})
		case parser.ConstrIdentity:
			// An identity column is a serial one that says so (and, for
			// ALWAYS, refuses explicit values).
			if err := checkIdentityType(spec.Type.Oid); err != nil {
				return spec, false, nil, err
			}
			serial, spec.NotNull = true, true
			spec.Identity = 'd'
			if c.GeneratedWhen == parser.GeneratedAlways {
				spec.Identity = 'a'
			}
		case parser.ConstrForeign:
			fk, err := s.foreignKeySpec(c, []string{e.Name})
			if err != nil {
				return spec, false, nil, err
			}
			cons = append(cons, *fk)
		case parser.ConstrGenerated:
			// GENERATED ALWAYS AS (expr) STORED: computed from the row's
			// other columns on INSERT and UPDATE (plan/generated.go).
			spec.Generated = 's'
			spec.Default = c.Expr.String()
		case parser.ConstrAttrDeferrable, parser.ConstrAttrNotDeferrable, parser.ConstrAttrDeferred, parser.ConstrAttrImmediate:
			// Attributes of the constraint before them.
			if len(cons) > 0 && cons[len(cons)-1].Type != 'c' {
				last := &cons[len(cons)-1]
				switch c.Type {
				case parser.ConstrAttrDeferrable:
					last.Deferrable = true
				case parser.ConstrAttrNotDeferrable:
					last.Deferrable = false
				case parser.ConstrAttrDeferred:
					last.Deferrable, last.Deferred = true, true
				case parser.ConstrAttrImmediate:
					last.Deferred = false
				}
			}
		default:
			return spec, false, nil, pgerr.New(pgerr.FeatureNotSupported, "this column constraint is not supported yet")
		}
	}
	return spec, serial, cons, nil
}

// checkColumnClauses refuses a column definition whose clauses conflict
// (42601): two defaults, two identities, a default with an identity or
// a generation expression, NULL with NOT NULL; a serial type counts as
// a default.
func checkColumnClauses(e *parser.ColumnDef, table string) error {
	var def, ident, gen, null, notNull int
	switch e.Type.Name() {
	case "serial", "serial4", "bigserial", "serial8", "smallserial", "serial2":
		def++
	}
	conflict := func(what string) error {
		return pgerr.New(pgerr.SyntaxError, "%s for column \"%s\" of table \"%s\"", what, e.Name, table)
	}
	for _, c := range e.Constraints {
		switch c.Type {
		case parser.ConstrDefault:
			if def++; def > 1 {
				return conflict("multiple default values specified")
			}
		case parser.ConstrIdentity:
			if ident++; ident > 1 {
				return conflict("multiple identity specifications")
			}
		case parser.ConstrGenerated:
			if gen++; gen > 1 {
				return conflict("multiple generation clauses specified")
			}
		case parser.ConstrNull:
			if null++; notNull > 0 {
				return conflict("conflicting NULL/NOT NULL declarations")
			}
		case parser.ConstrNotNull:
			if notNull++; null > 0 {
				return conflict("conflicting NULL/NOT NULL declarations")
			}
		}
	}
	switch {
	case def > 0 && ident > 0:
		return conflict("both default and identity specified")
	case def > 0 && gen > 0:
		return conflict("both default and generation expression specified")
	case ident > 0 && gen > 0:
		return conflict("both identity and generation expression specified")
	}
	return nil
}

func (s *Session) constraintSpec(c *parser.Constraint, cols []string) (*catalog.ConstraintSpec, error) {
	switch c.Type {
	case parser.ConstrForeign:
		return s.foreignKeySpec(c, cols)
	case parser.ConstrPrimary:
		return &catalog.ConstraintSpec{Name: c.Name, Type: 'p', Columns: c.Keys, Deferrable: c.Deferrable, Deferred: c.InitDeferred}, nil
	case parser.ConstrUnique:
		return &catalog.ConstraintSpec{Name: c.Name, Type: 'u', Columns: c.Keys, Deferrable: c.Deferrable, Deferred: c.InitDeferred}, nil
	case parser.ConstrCheck:
		// Named after its column when the expression uses exactly one
		// (t_a_check), else just t_check, as PostgreSQL names it.
		var cols []string
		if used := columnsOf(c.Expr, nil); len(used) == 1 {
			cols = used
		}
		return &catalog.ConstraintSpec{Name: c.Name, Type: 'c', Check: c.Expr.String(), Columns: cols}, nil
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "this table constraint is not supported yet")
}

func planTypeName(tn *parser.TypeName) (types.T, error) {
	q, err := plan.ParseExpr("NULL::"+tn.String(), nil, nil, nil)
	if err != nil {
		return types.T{}, err
	}
	return q.Type(), nil
}

// buildIndexes creates the B-trees of new indexes and fills them from the
// table's visible rows.
func (s *Session) buildIndexes(rel *catalog.Relation, ixs []*catalog.Index) error {
	_, err := s.buildIndexesMeasured(rel, ixs)
	return err
}

// buildIndexesMeasured is buildIndexes, returning what each build
// measured.
func (s *Session) buildIndexesMeasured(rel *catalog.Relation, ixs []*catalog.Index) ([]builtIndex, error) {
	t, err := s.planTable(rel)
	if err != nil {
		return nil, err
	}
	var built []builtIndex
	for _, ix := range ixs {
		var pix *plan.Index
		for _, p := range t.Indexes {
			if p.Oid == ix.Oid {
				pix = p
			}
		}
		if pix == nil {
			continue
		}
		b, err := s.loadIndex(t, pix)
		if err != nil {
			return nil, err
		}
		built = append(built, b)
	}
	return built, nil
}

// indexEntry is one key of an index being built.
type indexEntry struct {
	prefix   uint64 // the key's first 8 bytes, big-endian, zero-padded
	off, end int    // the key: keys[off:end] of the load's one key arena
	tid      btree.TID
	hasNull  bool
}

// keyPrefix is the first 8 bytes of key as a big-endian number, zero
// padded: prefixes order as the keys do wherever they differ.
func keyPrefix(key []byte) uint64 {
	var b [8]byte
	copy(b[:], key)
	return binary.BigEndian.Uint64(b[:])
}

// loadIndex builds index pix of table t bottom-up (btree.Build) from the
// rows the transaction sees, sorted by (key, TID): far cheaper than
// inserting them one by one. A unique index refuses equal keys without
// NULLs (23505 could not create unique index).
func (s *Session) loadIndex(t *plan.Table, pix *plan.Index) (builtIndex, error) {
	h, err := s.e.exec.Heap(t)
	if err != nil {
		return builtIndex{}, err
	}
	s.e.exec.Forget(t.DB, pix.Relfilenode)
	scan, err := h.Scan(s.snapshot())
	if err != nil {
		return builtIndex{}, err
	}
	defer scan.Close()
	// The keys go into one arena and the entries hold no pointers, so a
	// million-row load is not a million allocations for the collector to
	// trace.
	var entries []indexEntry
	var keys []byte
	ev := s.newIndexRowEval(t, pix, h)
	var roots map[uint16]uint16 // HOT chain roots of page rootsBlock
	var rootsBlock uint32
	rows := 0
	for scan.Next() {
		if len(entries)%1024 == 0 {
			if err := s.checkInterrupts(); err != nil {
				return builtIndex{}, err
			}
		}
		rows++
		tup := scan.Tuple()
		vals, nulls, err := h.Values(tup)
		if err != nil {
			return builtIndex{}, err
		}
		e := indexEntry{tid: btree.TID{Block: tup.TID.Block, Offset: uint16(tup.TID.Offset)}}
		if tup.Header.IsHeapOnly() {
			// A heap-only version is indexed under its chain's root.
			if rootsBlock != tup.TID.Block || roots == nil {
				if roots, err = h.RootOffsets(tup.TID.Block); err != nil {
					return builtIndex{}, err
				}
				rootsBlock = tup.TID.Block
			}
			if r, ok := roots[e.tid.Offset]; ok {
				e.tid.Offset = r
			}
		}
		if ev != nil {
			in, err := ev.load(vals, nulls)
			if err != nil {
				return builtIndex{}, err
			}
			if !in {
				continue
			}
		}
		e.off = len(keys)
		for k, col := range pix.Cols {
			o := keyenc.Order{Desc: pix.Desc[k], NullsFirst: pix.NullsFirst[k]}
			d := types.Null
			if col < 0 {
				if d, err = ev.key(k); err != nil {
					return builtIndex{}, err
				}
				e.hasNull = e.hasNull || d.Null
			} else if nulls[col] {
				e.hasNull = true
			} else {
				raw := vals[col]
				if t.Desc.Attrs[col].Len == tuple.VarlenaLen {
					kind, _, err := tuple.VarInfo(raw)
					if err != nil {
						return builtIndex{}, err
					}
					if kind == tuple.VarCompressed || kind == tuple.VarExternal {
						p, err := h.Detoast(raw)
						if err != nil {
							return builtIndex{}, err
						}
						raw = tuple.MakeVarlena(p)
					}
				}
				if d, err = types.FromStored(pix.Types[k], raw); err != nil {
					return builtIndex{}, err
				}
			}
			if keys, err = types.AppendKey(keys, pix.Types[k], d, o); err != nil {
				return builtIndex{}, err
			}
		}
		e.end = len(keys)
		e.prefix = keyPrefix(keys[e.off:e.end])
		entries = append(entries, e)
	}
	if err := scan.Err(); err != nil {
		return builtIndex{}, err
	}
	byKey := func(a, b indexEntry) int {
		if a.prefix != b.prefix {
			return cmp.Compare(a.prefix, b.prefix)
		}
		if c := bytes.Compare(keys[a.off:a.end], keys[b.off:b.end]); c != 0 {
			return c
		}
		if a.tid.Block != b.tid.Block {
			return cmp.Compare(a.tid.Block, b.tid.Block)
		}
		return cmp.Compare(a.tid.Offset, b.tid.Offset)
	}
	// Rows loaded in key order (serial keys, sorted bulk loads) are
	// common, and a check is far cheaper than a sort.
	if !slices.IsSortedFunc(entries, byKey) {
		slices.SortFunc(entries, byKey)
	}
	next := 0
	src := func() ([]byte, btree.TID, bool, error) {
		if next >= len(entries) {
			return nil, btree.TID{}, false, nil
		}
		e := entries[next]
		next++
		return keys[e.off:e.end], e.tid, true, nil
	}
	fork := bufmgr.RelFork{Spc: 1663, DB: t.DB, Rel: pix.Relfilenode, Fork: bufmgr.MainFork}
	bo := btree.BuildOptions{Unique: pix.Unique, SkipUnique: func([]byte) bool {
		// Called for the entry just yielded and its equal predecessor:
		// entries with equal keys have NULLs in the same columns.
		return next > 0 && entries[next-1].hasNull
	}}
	if _, err = btree.Build(s.e.pool, fork, btree.Options{Name: pix.Name, DescribeKey: s.describeKey(t, pix)}, bo, src); err != nil {
		return builtIndex{}, err
	}
	return builtIndex{t: t, h: h, pix: pix, fork: fork, rows: rows, entries: len(entries)}, nil
}

// describeKey renders an index key for a unique violation's DETAIL.
func (s *Session) describeKey(t *plan.Table, pix *plan.Index) func(key []byte) (string, string) {
	return func(key []byte) (string, string) {
		var names, vals []string
		rest := key
		for k := range pix.Cols {
			names = append(names, indexKeyLabel(t, pix, k))
			kt, ok := types.KeyType(pix.Types[k])
			if !ok {
				return strings.Join(names, ", "), ""
			}
			v, r, err := keyenc.DecodeColumn(rest, keyenc.Column{Type: kt, Order: keyenc.Order{Desc: pix.Desc[k], NullsFirst: pix.NullsFirst[k]}})
			if err != nil {
				return strings.Join(names, ", "), ""
			}
			rest = r
			if v == nil {
				vals = append(vals, "null")
				continue
			}
			d, err := types.FromKey(pix.Types[k], v)
			if err != nil {
				vals = append(vals, fmt.Sprint(v))
				continue
			}
			vals = append(vals, types.Output(pix.Types[k], d, s.env))
		}
		return strings.Join(names, ", "), strings.Join(vals, ", ")
	}
}

func (s *Session) createIndex(n *parser.IndexStmt) (string, error) {
	snap := s.snapshot()
	rel, err := s.cat.LookupRelation(snap, s.searchPath(), n.Relation.Schema, n.Relation.Name)
	if err != nil {
		return "", err
	}
	if n.IfNotExists && n.Name != "" {
		if oid, err := s.cat.RelationIn(snap, rel.Namespace, n.Name); err != nil {
			return "", err
		} else if oid != 0 {
			s.queueNotice(fmt.Sprintf("relation %q already exists, skipping", n.Name))
			return "CREATE INDEX", nil
		}
	}
	spec := catalog.IndexSpec{Name: n.Name, Rel: rel.Oid, Unique: n.Unique}
	if err := s.indexKeySpecs(rel, n, &spec); err != nil {
		return "", err
	}
	if err := s.checkRelOwner(rel); err != nil {
		return "", err
	}
	s.didDDL = true
	if err := s.lockRelation(s.db, rel.Oid, lmgr.Share); err != nil {
		return "", err
	}
	ix, err := s.cat.CreateIndex(s.xact, snap, spec)
	if err != nil {
		return "", err
	}
	if err := s.nextCommand(); err != nil {
		return "", err
	}
	rel, err = s.cat.Relation(s.snapshot(), rel.Oid)
	if err != nil {
		return "", err
	}
	built, err := s.buildIndexesMeasured(rel, []*catalog.Index{ix})
	if err != nil {
		return "", err
	}
	for _, b := range built {
		if err := s.recordBuildSizes(b); err != nil {
			return "", err
		}
	}
	return "CREATE INDEX", nil
}

func (s *Session) drop(n *parser.DropStmt) (string, error) {
	snap := s.snapshot()
	if n.ObjType == parser.ObjSchema {
		return s.dropSchemas(n)
	}
	if n.ObjType == parser.ObjType || n.ObjType == parser.ObjDomain {
		return s.dropTypes(n)
	}
	tag := map[parser.ObjectType]string{parser.ObjTable: "DROP TABLE", parser.ObjIndex: "DROP INDEX", parser.ObjSequence: "DROP SEQUENCE", parser.ObjView: "DROP VIEW"}[n.ObjType]
	if tag == "" {
		return "", pgerr.New(pgerr.FeatureNotSupported, "this DROP is not supported yet")
	}
	var oids []uint32
	for _, names := range n.Objects {
		schema, name := "", names[len(names)-1]
		if len(names) > 1 {
			schema = names[len(names)-2]
		}
		kind := strings.ToLower(strings.TrimPrefix(tag, "DROP "))
		rel, err := s.cat.LookupRelation(snap, s.searchPath(), schema, name)
		if err != nil {
			if pe, ok := err.(*pgerr.Error); !ok || pe.Code != pgerr.UndefinedTable {
				return "", err
			}
			if n.MissingOk {
				e := pgerr.New("00000", "%s %q does not exist, skipping", kind, name)
				e.Severity = pgerr.SeverityNotice
				s.notices = append(s.notices, e)
				continue
			}
			code := pgerr.UndefinedTable
			if kind == "index" {
				code = pgerr.UndefinedObject // as PostgreSQL's DROP INDEX reports it
			}
			return "", pgerr.New(code, "%s %q does not exist", kind, name)
		}
		if want := map[string]byte{"table": 'r', "index": 'i', "sequence": 'S', "view": 'v'}[kind]; rel.Kind != want {
			e := pgerr.New(pgerr.WrongObjectType, "%q is not a%s %s", name, map[bool]string{true: "n", false: ""}[kind == "index"], kind)
			e.Hint = "Use DROP " + map[byte]string{'r': "TABLE", 'i': "INDEX", 'S': "SEQUENCE", 'v': "VIEW"}[rel.Kind] + " to remove a " + map[byte]string{'r': "table", 'i': "index", 'S': "sequence", 'v': "view"}[rel.Kind] + "."
			return "", e
		}
		if err := s.checkRelOwner(rel); err != nil {
			return "", err
		}
		s.didDDL = true
		if err := s.lockRelation(s.db, rel.Oid, lmgr.AccessExclusive); err != nil {
			return "", err
		}
		if err := s.ssiMassDelete(rel.Kind, rel.Relfilenode); err != nil {
			return "", err
		}
		if !slices.Contains(oids, rel.Oid) {
			oids = append(oids, rel.Oid)
		}
	}
	// The named relations go as one set: one may depend on another.
	dropped, err := s.cat.DropRelations(s.xact, snap, oids, n.Behavior == parser.DropCascade)
	if err != nil {
		return "", err
	}
	s.noteStatDrops(dropped)
	return tag, nil
}

func (s *Session) truncate(n *parser.TruncateStmt) (string, error) {
	snap := s.snapshot()
	rels, err := s.truncateSet(n)
	if err != nil {
		return "", err
	}
	var seqs []uint32
	for _, rel := range rels {
		if n.RestartSeqs {
			owned, err := s.cat.OwnedSequences(snap, rel.Oid)
			if err != nil {
				return "", err
			}
			seqs = append(seqs, owned...)
		}
		if err := s.checkTruncate(rel); err != nil {
			return "", err
		}
		s.didDDL = true
		if err := s.lockRelation(s.db, rel.Oid, lmgr.AccessExclusive); err != nil {
			return "", err
		}
		if err := s.ssiMassDelete(rel.Kind, rel.Relfilenode); err != nil {
			return "", err
		}
		if _, err := s.cat.SetRelfilenode(s.xact, snap, rel.Oid); err != nil {
			return "", err
		}
		s.statTruncs = append(s.statTruncs, s.statKey(rel))
		if err := s.nextCommand(); err != nil {
			return "", err
		}
		nrel, err := s.cat.Relation(s.snapshot(), rel.Oid)
		if err != nil {
			return "", err
		}
		if err := s.ssiMoveRelation(rel, nrel); err != nil {
			return "", err
		}
		if err := s.buildIndexes(nrel, nrel.Indexes); err != nil {
			return "", err
		}
	}
	for _, seq := range seqs {
		if err := s.checkSequence(seq, acl.Update); err != nil {
			return "", err
		}
		if err := s.cat.RestartSequence(s.xact, s.snapshot(), seq); err != nil {
			return "", err
		}
	}
	return "TRUNCATE TABLE", nil
}

// truncateSet resolves TRUNCATE's tables (each once) and, with CASCADE,
// adds every table whose foreign keys reference one of them, with
// PostgreSQL's notice; without it, a table referenced from outside the
// set is refused (0A000), as PostgreSQL refuses it.
func (s *Session) truncateSet(n *parser.TruncateStmt) ([]*catalog.Relation, error) {
	snap := s.snapshot()
	var rels []*catalog.Relation
	in := map[uint32]bool{}
	for _, rv := range n.Relations {
		rel, err := s.cat.LookupRelation(snap, s.searchPath(), rv.Schema, rv.Name)
		if err != nil {
			return nil, err
		}
		if !in[rel.Oid] {
			in[rel.Oid] = true
			rels = append(rels, rel)
		}
	}
	for i := 0; i < len(rels); i++ {
		for _, fk := range rels[i].ReferencedBy {
			if in[fk.Rel] {
				continue
			}
			ref, err := s.cat.Relation(snap, fk.Rel)
			if err != nil {
				return nil, err
			}
			if n.Behavior != parser.DropCascade {
				return nil, pgerr.New(pgerr.FeatureNotSupported, "cannot truncate a table referenced in a foreign key constraint").
					WithDetail("Table \"%s\" references \"%s\".", ref.Name, rels[i].Name).
					WithHint("Truncate table \"%s\" at the same time, or use TRUNCATE ... CASCADE.", ref.Name)
			}
			note := pgerr.New("00000", "truncate cascades to table \"%s\"", ref.Name)
			note.Severity = pgerr.SeverityNotice
			s.notices = append(s.notices, note)
			in[ref.Oid] = true
			rels = append(rels, ref)
		}
	}
	return rels, nil
}

// prepareSQL runs PREPARE: the statement is analysed now (its errors are
// PREPARE's) and kept for EXECUTE.
func (s *Session) prepareSQL(n *parser.PrepareStmt) (string, error) {
	if _, ok := s.prepared[n.Name]; ok {
		return "", pgerr.New(pgerr.DuplicatePreparedStatement, "prepared statement %q already exists", n.Name)
	}
	if !plannable(n.Query) {
		return "", pgerr.New(pgerr.SyntaxError, "syntax error at or near %q", strings.Fields(n.Query.String())[0])
	}
	var oids []uint32
	for _, tn := range n.ArgTypes {
		t, err := planTypeName(tn)
		if err != nil {
			return "", err
		}
		oids = append(oids, t.Oid)
	}
	loc, length := n.Query.Span()
	sql := n.Query.String()
	_ = loc
	_ = length
	st, err := s.Prepare(sql, n.Query, oids)
	if err != nil {
		return "", err
	}
	params := make([]uint32, len(st.ParamTypes))
	for i, t := range st.ParamTypes {
		params[i] = t.Oid
	}
	s.prepared[n.Name] = &sqlPrepared{sql: sql, ast: n.Query, params: params, source: s.prepareSource(n), prepared: time.Now()}
	return "PREPARE", nil
}

// setTransaction runs SET TRANSACTION and SET SESSION CHARACTERISTICS.
func (s *Session) setTransaction(n *parser.VariableSetStmt) (string, error) {
	if n.Name == "SESSION CHARACTERISTICS" {
		// The defaults of the session's next transactions.
		for _, o := range n.TxnModes {
			c, _ := o.Arg.(*parser.AConst)
			if c == nil {
				continue
			}
			val := strings.ToLower(c.Val)
			if c.Kind == parser.ConstBool {
				val = strconv.FormatBool(c.Bool)
			}
			if err := s.set.SetSession("default_"+o.Name, val, true); err != nil {
				return "", err
			}
		}
		return "SET", nil
	}
	if n.Name != "TRANSACTION" {
		return "", pgerr.New(pgerr.FeatureNotSupported, "SET %s is not supported yet", n.Name)
	}
	if !s.inBlock {
		s.notice(pgerr.New(pgerr.NoActiveSQLTransaction, "SET TRANSACTION can only be used in transaction blocks"))
		return "SET", nil
	}
	for _, o := range n.TxnModes {
		if o.Name == "transaction_isolation" && (s.txnSnap != nil || s.queried) {
			return "", pgerr.New(pgerr.ActiveSQLTransaction, "SET TRANSACTION ISOLATION LEVEL must be called before any query")
		}
		if err := s.txnOption(o); err != nil {
			return "", err
		}
	}
	return "SET", nil
}

// createView records a view: its columns come from analysing its query.
func (s *Session) createView(n *parser.ViewStmt) (string, error) {
	snap := s.snapshot()
	ns, owner, err := s.creationNamespace(n.View.Schema)
	if err != nil {
		return "", err
	}
	sql := n.Query.String()
	cols, tables, uses, err := plan.ViewColumns(n.Query, sql, sessionCatalog{s}, s.env)
	if err != nil {
		return "", err
	}
	if len(n.Aliases) > len(cols) {
		return "", pgerr.New(pgerr.SyntaxError, "CREATE VIEW specifies more column names than columns")
	}
	spec := catalog.ViewSpec{Namespace: ns, Name: n.View.Name, Query: sql, OrReplace: n.Replace, Owner: owner}
	for i, c := range cols {
		name := c.Name
		if i < len(n.Aliases) {
			name = n.Aliases[i]
		}
		spec.Columns = append(spec.Columns, catalog.ColumnSpec{Name: name, Type: c.T})
	}
	for _, t := range tables {
		spec.DependsOn = append(spec.DependsOn, t.Oid)
	}
	for _, u := range uses {
		spec.DependsOnColumns = append(spec.DependsOnColumns, catalog.ColumnDep{Rel: u.Table, Attnum: u.Attnum})
	}
	s.didDDL = true
	if _, err := s.cat.CreateView(s.xact, snap, spec); err != nil {
		return "", err
	}
	return "CREATE VIEW", nil
}

// foreignKeySpec describes FOREIGN KEY (cols) REFERENCES t (refcols) or a
// column's REFERENCES (cols is then that column).
func (s *Session) foreignKeySpec(c *parser.Constraint, cols []string) (*catalog.ConstraintSpec, error) {
	var refOid uint32 // 0: the table being created references itself
	if !s.referencesCreating(c.PkTable) {
		ref, err := s.cat.LookupRelation(s.snapshot(), s.searchPath(), c.PkTable.Schema, c.PkTable.Name)
		if err != nil {
			return nil, err
		}
		if me, err := s.currentRole(); err != nil {
			return nil, err
		} else if !me.Super {
			if err := s.checkRelation(me.Oid, ref, acl.References); err != nil {
				return nil, err
			}
		}
		refOid = ref.Oid
	}
	if len(c.FkAttrs) > 0 {
		cols = c.FkAttrs
	}
	action := func(a parser.FKAction) byte {
		return map[parser.FKAction]byte{parser.FKNoAction: 'a', parser.FKRestrict: 'r', parser.FKCascade: 'c', parser.FKSetNull: 'n', parser.FKSetDefault: 'd'}[a]
	}
	match := map[parser.FKMatch]byte{parser.MatchSimple: 's', parser.MatchFull: 'f', parser.MatchPartial: 'p'}[c.MatchType]
	return &catalog.ConstraintSpec{Name: c.Name, Type: 'f', Columns: cols, RefRel: refOid, RefColumns: c.PkAttrs,
		UpdAction: action(c.OnUpdate), DelAction: action(c.OnDelete), MatchType: match,
		Deferrable: c.Deferrable, Deferred: c.InitDeferred, NotValid: c.NotValid}, nil
}

// referencesCreating reports whether a foreign key's referenced table is
// the one CREATE TABLE is defining (which no lookup finds yet).
func (s *Session) referencesCreating(rv *parser.RangeVar) bool {
	if s.creating.name == "" || rv.Name != s.creating.name {
		return false
	}
	if rv.Schema == "" {
		return true
	}
	ns, err := s.cat.CreationNamespace(s.snapshot(), s.searchPath(), rv.Schema)
	return err == nil && ns == s.creating.ns
}

// columnsOf adds the distinct columns an expression names to seen.
func columnsOf(e parser.Expr, seen []string) []string {
	add := func(c string) {
		for _, x := range seen {
			if x == c {
				return
			}
		}
		seen = append(seen, c)
	}
	switch n := e.(type) {
	case *parser.ColumnRef:
		if len(n.Fields) > 0 && !n.Star {
			add(n.Fields[len(n.Fields)-1])
		}
	case *parser.AExpr:
		if n.Left != nil {
			seen = columnsOf(n.Left, seen)
		}
		seen = columnsOf(n.Right, seen)
	case *parser.BoolExpr:
		for _, a := range n.Args {
			seen = columnsOf(a, seen)
		}
	case *parser.FuncCall:
		for _, a := range n.Args {
			seen = columnsOf(a, seen)
		}
	case *parser.TypeCast:
		seen = columnsOf(n.Arg, seen)
	case *parser.NullTest:
		seen = columnsOf(n.Arg, seen)
	case *parser.BetweenExpr:
		seen = columnsOf(n.Lower, columnsOf(n.Upper, columnsOf(n.Arg, seen)))
	case *parser.InExpr:
		seen = columnsOf(n.Arg, seen)
		for _, x := range n.List {
			seen = columnsOf(x, seen)
		}
	case *parser.LikeExpr:
		seen = columnsOf(n.Pattern, columnsOf(n.Arg, seen))
	case *parser.Indirection:
		seen = columnsOf(n.Arg, seen)
		for _, el := range n.Path {
			if el.Lower != nil {
				seen = columnsOf(el.Lower, seen)
			}
			if el.Upper != nil {
				seen = columnsOf(el.Upper, seen)
			}
		}
	case *parser.CaseExpr:
		if n.Arg != nil {
			seen = columnsOf(n.Arg, seen)
		}
		for _, w := range n.Whens {
			seen = columnsOf(w.Result, columnsOf(w.Cond, seen))
		}
		if n.Default != nil {
			seen = columnsOf(n.Default, seen)
		}
	case *parser.CoalesceExpr:
		for _, a := range n.Args {
			seen = columnsOf(a, seen)
		}
	case *parser.ArrayExpr:
		for _, a := range n.Elements {
			seen = columnsOf(a, seen)
		}
	case *parser.RowExpr:
		for _, a := range n.Args {
			seen = columnsOf(a, seen)
		}
	}
	return seen
}

// writingCommand names a command that changes the database, as a
// read-only transaction refuses it ("" for one it allows).
func writingCommand(ast parser.Stmt) string {
	switch n := ast.(type) {
	case *parser.CreateStmt:
		return "CREATE TABLE"
	case *parser.CreateTableAsStmt:
		if n.IsSelectInto {
			return "SELECT INTO"
		}
		return "CREATE TABLE AS"
	case *parser.SelectStmt:
		if n.Into != nil {
			return "SELECT INTO"
		}
	case *parser.IndexStmt:
		return "CREATE INDEX"
	case *parser.ViewStmt:
		return "CREATE VIEW"
	case *parser.CreateSeqStmt:
		return "CREATE SEQUENCE"
	case *parser.AlterSeqStmt:
		return "ALTER SEQUENCE"
	case *parser.CreateSchemaStmt:
		return "CREATE SCHEMA"
	case *parser.AlterTableStmt:
		return "ALTER " + objName(n.ObjType)
	case *parser.RenameStmt:
		if n.ObjType == parser.ObjColumn || n.ObjType == parser.ObjTabConstraint {
			return "ALTER " + objName(n.RelationType)
		}
		return "ALTER " + objName(n.ObjType)
	case *parser.DropStmt:
		return "DROP " + strings.ToUpper(strings.TrimPrefix(commandName(n), "DROP "))
	case *parser.TruncateStmt:
		return "TRUNCATE TABLE"
	case *parser.CommentStmt:
		return "COMMENT"
	case *parser.CreateEnumStmt:
		return "CREATE TYPE"
	case *parser.CreateDomainStmt:
		return "CREATE DOMAIN"
	case *parser.AlterDomainStmt:
		return "ALTER DOMAIN"
	case *parser.GrantStmt:
		if n.IsGrant {
			return "GRANT"
		}
		return "REVOKE"
	}
	return ""
}
