package parser

import "strings"

func (n *RoleSpec) format(w *writer) {
	switch n.Kind {
	case RoleCurrentRole:
		w.str("CURRENT_ROLE")
	case RoleCurrentUser:
		w.str("CURRENT_USER")
	case RoleSessionUser:
		w.str("SESSION_USER")
	case RolePublic:
		w.str("public")
	default:
		w.ident(n.Name)
	}
}

func (w *writer) roleList(l []*RoleSpec) {
	for i, r := range l {
		if i > 0 {
			w.str(", ")
		}
		r.format(w)
	}
}

func (n *NameList) format(w *writer) { w.names(n.Names) }

func (n *ListArg) format(w *writer) {
	w.byte('(')
	for i, it := range n.Items {
		if i > 0 {
			w.str(", ")
		}
		formatArg(w, it)
	}
	w.byte(')')
}

func (n *Star) format(w *writer) { w.byte('*') }

// formatArg writes an option value.
func formatArg(w *writer, n Node) {
	switch a := n.(type) {
	case nil:
	case *AConst:
		a.format(w)
	case Expr:
		w.expr(a)
	default:
		n.format(w)
	}
}

// DefElem.format writes the generic "name value" form used by COPY,
// EXPLAIN and VACUUM options.
func (n *DefElem) format(w *writer) {
	w.str(optionWord(n.Name, true))
	if n.Arg != nil {
		w.byte(' ')
		if c, ok := n.Arg.(*AConst); ok && c.Kind == ConstString {
			w.str(optionWord(c.Val, false))
		} else {
			formatArg(w, n.Arg)
		}
	}
}

// optionWord spells an option name or word value: plain lower-case words
// and the keywords the option grammar accepts bare are written as they
// are, anything else quoted (as an identifier for names, as a string for
// values).
func optionWord(s string, name bool) string {
	safe := s != ""
	for i := 0; i < len(s) && safe; i++ {
		c := s[i]
		safe = c >= 'a' && c <= 'z' || c == '_' || i > 0 && c >= '0' && c <= '9'
	}
	if safe {
		cat, kw := isKeywordWord(s)
		switch {
		case !kw:
			return s
		case s == "analyze" || s == "true" || s == "false" || s == "on" || cat != catReserved:
			return s
		case name:
			// COPY option names are ColLabels, so reserved words like
			// NULL are fine there too.
			return s
		}
	}
	if name {
		return QuoteIdent(s)
	}
	return QuoteString(s)
}

func (w *writer) genericOptions(l []*DefElem) {
	w.byte('(')
	for i, d := range l {
		if i > 0 {
			w.str(", ")
		}
		d.format(w)
	}
	w.byte(')')
}

// relOptions writes (name = value, ...).
func (w *writer) relOptions(l []*DefElem) {
	w.byte('(')
	for i, d := range l {
		if i > 0 {
			w.str(", ")
		}
		if d.Namespace != "" {
			w.ident(d.Namespace)
			w.byte('.')
		}
		w.ident(d.Name)
		if d.Arg != nil {
			w.str(" = ")
			if c, ok := d.Arg.(*AConst); ok && c.Kind == ConstString && relOptionWord(c.Val) {
				w.str(c.Val)
			} else {
				formatArg(w, d.Arg)
			}
		}
	}
	w.byte(')')
}

// relOptionWord reports whether a reloption value can be written as a bare
// word that def_arg accepts (a type-function name or reserved keyword).
func relOptionWord(s string) bool {
	if QuoteIdent(s) == s {
		return true
	}
	cat, kw := isKeywordWord(s)
	if !kw || cat != catReserved {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c == '_') {
			return false
		}
	}
	return true
}

func (n *TransactionStmt) format(w *writer) {
	switch n.Kind {
	case TransBegin:
		w.str("BEGIN")
		w.txnModes(n.Options)
	case TransStart:
		w.str("START TRANSACTION")
		w.txnModes(n.Options)
	case TransCommit, TransRollback:
		if n.Kind == TransCommit {
			w.str("COMMIT")
		} else {
			w.str("ROLLBACK")
		}
		if n.Chain {
			w.str(" AND CHAIN")
		}
	case TransSavepoint:
		w.str("SAVEPOINT ")
		w.ident(n.Savepoint)
	case TransRelease:
		w.str("RELEASE SAVEPOINT ")
		w.ident(n.Savepoint)
	case TransRollbackTo:
		w.str("ROLLBACK TO SAVEPOINT ")
		w.ident(n.Savepoint)
	case TransPrepare:
		w.str("PREPARE TRANSACTION ")
		w.str(QuoteString(n.GID))
	case TransCommitPrepared:
		w.str("COMMIT PREPARED ")
		w.str(QuoteString(n.GID))
	case TransRollbackPrepared:
		w.str("ROLLBACK PREPARED ")
		w.str(QuoteString(n.GID))
	}
}

// txnModes writes transaction modes with a leading space.
func (w *writer) txnModes(l []*DefElem) {
	for i, d := range l {
		if i > 0 {
			w.byte(',')
		}
		w.byte(' ')
		c, _ := d.Arg.(*AConst)
		if c == nil {
			continue
		}
		switch d.Name {
		case "transaction_isolation":
			w.str("ISOLATION LEVEL " + strings.ToUpper(c.Val))
		case "transaction_read_only":
			if c.Bool {
				w.str("READ ONLY")
			} else {
				w.str("READ WRITE")
			}
		case "transaction_deferrable":
			if !c.Bool {
				w.str("NOT ")
			}
			w.str("DEFERRABLE")
		}
	}
}

func (n *VariableSetStmt) format(w *writer) {
	switch n.Kind {
	case VarReset:
		w.str("RESET ")
		w.varName(n.Name)
		return
	case VarResetAll:
		w.str("RESET ALL")
		return
	}
	w.str("SET ")
	if n.Local {
		w.str("LOCAL ")
	}
	switch n.Kind {
	case VarSetMulti:
		switch n.Name {
		case "TRANSACTION SNAPSHOT":
			w.str("TRANSACTION SNAPSHOT ")
			w.exprs(n.Args)
		case "SESSION CHARACTERISTICS":
			w.str("SESSION CHARACTERISTICS AS TRANSACTION")
			w.txnModes(n.TxnModes)
		default:
			w.str("TRANSACTION")
			w.txnModes(n.TxnModes)
		}
		return
	case VarSetCurrent:
		w.varName(n.Name)
		w.str(" FROM CURRENT")
		return
	case VarSetDefault:
		w.varName(n.Name)
		w.str(" TO DEFAULT")
		return
	}
	if n.Name == "timezone" && len(n.Args) == 1 {
		if tc, ok := n.Args[0].(*TypeCast); ok {
			if sp, ok := intervalSpelling(tc.Type.Typmods); ok {
				// sp is "interval", "interval day ..." or "interval(p)".
				rest := sp[len("interval"):]
				w.str("TIME ZONE INTERVAL")
				if strings.HasPrefix(rest, "(") {
					w.str(rest + " ")
					w.expr(tc.Arg)
				} else {
					w.byte(' ')
					w.expr(tc.Arg)
					w.str(rest)
				}
				return
			}
		}
	}
	w.varName(n.Name)
	w.str(" TO ")
	for i, a := range n.Args {
		if i > 0 {
			w.str(", ")
		}
		w.expr(a)
	}
}

// varName writes a dotted setting name.
func (w *writer) varName(name string) {
	w.names(strings.Split(name, "."))
}

func (n *VariableShowStmt) format(w *writer) {
	w.str("SHOW ")
	if n.Name == "all" {
		w.str("ALL")
		return
	}
	w.varName(n.Name)
}

func (n *PrepareStmt) format(w *writer) {
	w.str("PREPARE ")
	w.ident(n.Name)
	if len(n.ArgTypes) > 0 {
		w.byte('(')
		for i, t := range n.ArgTypes {
			if i > 0 {
				w.str(", ")
			}
			t.format(w)
		}
		w.byte(')')
	}
	w.str(" AS ")
	if n.Query != nil {
		n.Query.format(w)
	}
}

func (n *ExecuteStmt) format(w *writer) {
	w.str("EXECUTE ")
	w.ident(n.Name)
	if len(n.Params) > 0 {
		w.byte('(')
		w.exprs(n.Params)
		w.byte(')')
	}
}

func (n *DeallocateStmt) format(w *writer) {
	if n.Name == "" {
		w.str("DEALLOCATE ALL")
		return
	}
	w.str("DEALLOCATE ")
	w.ident(n.Name)
}

func (n *ExplainStmt) format(w *writer) {
	w.str("EXPLAIN ")
	if len(n.Options) > 0 {
		w.genericOptions(n.Options)
		w.byte(' ')
	}
	if n.Query != nil {
		n.Query.format(w)
	}
}

func (n *CopyStmt) format(w *writer) {
	w.str("COPY ")
	if n.Query != nil {
		w.byte('(')
		n.Query.format(w)
		w.byte(')')
	} else if n.Relation != nil {
		w.rangeVarName(n.Relation)
		if len(n.Cols) > 0 {
			w.byte(' ')
			w.parenIdents(n.Cols)
		}
	}
	if n.IsFrom {
		w.str(" FROM ")
	} else {
		w.str(" TO ")
	}
	if n.IsProgram {
		w.str("PROGRAM ")
	}
	switch {
	case n.Filename != "":
		w.str(QuoteString(n.Filename))
	case n.IsFrom:
		w.str("STDIN")
	default:
		w.str("STDOUT")
	}
	if len(n.Options) > 0 {
		w.str(" WITH ")
		w.genericOptions(n.Options)
	}
	if n.Where != nil {
		w.str(" WHERE ")
		w.expr(n.Where)
	}
}

func (n *VacuumStmt) format(w *writer) {
	if n.IsVacuum {
		w.str("VACUUM")
	} else {
		w.str("ANALYZE")
	}
	if len(n.Options) > 0 {
		w.byte(' ')
		w.genericOptions(n.Options)
	}
	for i, r := range n.Rels {
		if i > 0 {
			w.byte(',')
		}
		w.byte(' ')
		r.format(w)
	}
}

func (n *VacuumRelation) format(w *writer) {
	if n.Relation != nil {
		w.rangeVarName(n.Relation)
	}
	if len(n.Cols) > 0 {
		w.byte(' ')
		w.parenIdents(n.Cols)
	}
}

var lockModeNames = [...]string{"", "ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE",
	"SHARE UPDATE EXCLUSIVE", "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"}

func (n *LockStmt) format(w *writer) {
	w.str("LOCK TABLE ")
	w.relations(n.Relations)
	if n.Mode > 0 && int(n.Mode) < len(lockModeNames) {
		w.str(" IN " + lockModeNames[n.Mode] + " MODE")
	}
	if n.NoWait {
		w.str(" NOWAIT")
	}
}

// relations writes a relation_expr_list.
func (w *writer) relations(l []*RangeVar) {
	for i, r := range l {
		if i > 0 {
			w.str(", ")
		}
		if r.Only {
			w.str("ONLY ")
		}
		w.rangeVarName(r)
	}
}

func (n *CheckpointStmt) format(w *writer) { w.str("CHECKPOINT") }

func (n *DiscardStmt) format(w *writer) {
	w.str([...]string{"DISCARD ALL", "DISCARD PLANS", "DISCARD SEQUENCES", "DISCARD TEMP"}[n.Target%4])
}

func (n *ReindexStmt) format(w *writer) {
	w.str("REINDEX ")
	if n.Verbose {
		w.str("(VERBOSE) ")
	}
	w.str(n.Kind)
	if n.Concurrently {
		w.str(" CONCURRENTLY")
	}
	w.byte(' ')
	if n.Relation != nil {
		w.rangeVarName(n.Relation)
	} else {
		w.ident(n.Name)
	}
}

func (n *ClusterStmt) format(w *writer) {
	w.str("CLUSTER")
	if n.Verbose {
		w.str(" VERBOSE")
	}
	if n.Relation != nil {
		w.byte(' ')
		w.rangeVarName(n.Relation)
		if n.Index != "" {
			w.str(" USING ")
			w.ident(n.Index)
		}
	}
}

func (n *ListenStmt) format(w *writer) {
	w.str("LISTEN ")
	w.ident(n.Channel)
}

func (n *UnlistenStmt) format(w *writer) {
	if n.Channel == "" {
		w.str("UNLISTEN *")
		return
	}
	w.str("UNLISTEN ")
	w.ident(n.Channel)
}

func (n *NotifyStmt) format(w *writer) {
	w.str("NOTIFY ")
	w.ident(n.Channel)
	if n.Payload != "" {
		w.str(", ")
		w.str(QuoteString(n.Payload))
	}
}

func (n *DoStmt) format(w *writer) {
	w.str("DO ")
	if n.Language != "" {
		w.str("LANGUAGE ")
		w.str(QuoteString(n.Language))
		if n.Code != "" {
			w.byte(' ')
		}
	}
	if n.Code != "" || n.Language == "" {
		w.str(QuoteString(n.Code))
	}
}

var roleStmtWords = [...]string{"ROLE", "USER", "GROUP"}

func (n *CreateRoleStmt) format(w *writer) {
	w.str("CREATE " + roleStmtWords[n.StmtType%3] + " ")
	w.ident(n.Role)
	w.roleOptions(n.Options)
}

func (n *AlterRoleStmt) format(w *writer) {
	w.str("ALTER " + roleStmtWords[n.StmtType%3] + " ")
	if n.Role != nil {
		n.Role.format(w)
	}
	w.roleOptions(n.Options)
}

// roleOptions writes role options with a leading space.
func (w *writer) roleOptions(l []*DefElem) {
	boolWords := map[string][2]string{
		"superuser": {"NOSUPERUSER", "SUPERUSER"}, "createdb": {"NOCREATEDB", "CREATEDB"},
		"createrole": {"NOCREATEROLE", "CREATEROLE"}, "inherit": {"NOINHERIT", "INHERIT"},
		"canlogin": {"NOLOGIN", "LOGIN"}, "isreplication": {"NOREPLICATION", "REPLICATION"},
		"bypassrls": {"NOBYPASSRLS", "BYPASSRLS"},
	}
	listWords := map[string]string{"rolemembers": "ROLE", "adminmembers": "ADMIN", "addroleto": "IN ROLE"}
	for _, d := range l {
		w.byte(' ')
		if words, ok := boolWords[d.Name]; ok {
			c, _ := d.Arg.(*AConst)
			if c != nil && c.Bool {
				w.str(words[1])
			} else {
				w.str(words[0])
			}
			continue
		}
		if word, ok := listWords[d.Name]; ok {
			w.str(word + " ")
			if la, ok := d.Arg.(*ListArg); ok {
				for i, it := range la.Items {
					if i > 0 {
						w.str(", ")
					}
					it.format(w)
				}
			}
			continue
		}
		switch d.Name {
		case "password":
			w.str("PASSWORD ")
		case "connectionlimit":
			w.str("CONNECTION LIMIT ")
		case "validUntil":
			w.str("VALID UNTIL ")
		case "sysid":
			w.str("SYSID ")
		default:
			w.ident(d.Name)
			w.byte(' ')
		}
		formatArg(w, d.Arg)
	}
}

func (n *DropRoleStmt) format(w *writer) {
	w.str("DROP " + roleStmtWords[n.StmtType%3] + " ")
	if n.MissingOk {
		w.str("IF EXISTS ")
	}
	w.roleList(n.Roles)
}

var objTypeWords = map[ObjectType]string{
	ObjTable: "TABLE", ObjSequence: "SEQUENCE", ObjView: "VIEW", ObjMatView: "MATERIALIZED VIEW",
	ObjIndex: "INDEX", ObjForeignTable: "FOREIGN TABLE", ObjType: "TYPE", ObjDomain: "DOMAIN",
	ObjCollation: "COLLATION", ObjSchema: "SCHEMA", ObjExtension: "EXTENSION",
	ObjDatabase: "DATABASE", ObjRole: "ROLE", ObjFunction: "FUNCTION", ObjTablespace: "TABLESPACE",
}

func (n *GrantStmt) format(w *writer) {
	if n.IsGrant {
		w.str("GRANT ")
	} else {
		w.str("REVOKE ")
		if n.GrantOption {
			w.str("GRANT OPTION FOR ")
		}
	}
	if n.Privileges == nil {
		w.str("ALL")
	}
	for i, p := range n.Privileges {
		if i > 0 {
			w.str(", ")
		}
		p.format(w)
	}
	w.str(" ON ")
	if n.TargetType == GrantDefaults {
		w.str(defaultsObjWords[n.ObjType])
	} else if n.TargetType == GrantAllInSchema {
		w.str("ALL " + map[ObjectType]string{ObjTable: "TABLES", ObjSequence: "SEQUENCES", ObjFunction: "FUNCTIONS"}[n.ObjType] + " IN SCHEMA ")
	} else {
		w.str(objTypeWords[n.ObjType] + " ")
	}
	for i, o := range n.Objects {
		if i > 0 {
			w.str(", ")
		}
		w.names(o)
		if i < len(n.FuncArgs) && n.FuncArgs[i] != nil {
			w.str("(")
			for j, a := range n.FuncArgs[i] {
				if j > 0 {
					w.str(", ")
				}
				a.format(w)
			}
			w.str(")")
		}
	}
	if n.IsGrant {
		w.str(" TO ")
	} else {
		w.str(" FROM ")
	}
	w.roleList(n.Grantees)
	if n.IsGrant && n.GrantOption {
		w.str(" WITH GRANT OPTION")
	}
	if n.GrantedBy != nil {
		w.str(" GRANTED BY ")
		n.GrantedBy.format(w)
	}
	w.behavior(n.Behavior)
}

func (p *AccessPriv) format(w *writer) {
	switch p.Name {
	case "select", "references", "create", "all", "insert", "update", "delete", "truncate",
		"trigger", "connect", "temporary", "temp", "execute", "usage":
		w.str(strings.ToUpper(p.Name))
	default:
		w.ident(p.Name)
	}
	if p.Cols != nil {
		w.byte(' ')
		w.parenIdents(p.Cols)
	}
}

func (w *writer) behavior(b DropBehavior) {
	switch b {
	case DropCascade:
		w.str(" CASCADE")
	case DropRestrict:
		w.str(" RESTRICT")
	}
}

// defaultsObjWords name the kinds of object of ALTER DEFAULT PRIVILEGES.
var defaultsObjWords = map[ObjectType]string{ObjTable: "TABLES", ObjSequence: "SEQUENCES", ObjFunction: "FUNCTIONS",
	ObjType: "TYPES", ObjSchema: "SCHEMAS"}

func (n *AlterDefaultPrivilegesStmt) format(w *writer) {
	w.str("ALTER DEFAULT PRIVILEGES")
	if len(n.Roles) > 0 {
		w.str(" FOR ROLE ")
		for i, r := range n.Roles {
			if i > 0 {
				w.str(", ")
			}
			r.format(w)
		}
	}
	if len(n.Schemas) > 0 {
		w.str(" IN SCHEMA ")
		for i, s := range n.Schemas {
			if i > 0 {
				w.str(", ")
			}
			w.ident(s)
		}
	}
	w.str(" ")
	n.Action.format(w)
}

func (n *GrantRoleStmt) format(w *writer) {
	if n.IsGrant {
		w.str("GRANT ")
	} else {
		w.str("REVOKE ")
		if n.AdminOption {
			w.str("ADMIN OPTION FOR ")
		}
	}
	w.identList(n.Roles)
	if n.IsGrant {
		w.str(" TO ")
	} else {
		w.str(" FROM ")
	}
	w.roleList(n.Grantees)
	if n.IsGrant && n.AdminOption {
		w.str(" WITH ADMIN OPTION")
	}
	if n.GrantedBy != nil {
		w.str(" GRANTED BY ")
		n.GrantedBy.format(w)
	}
	w.behavior(n.Behavior)
}
