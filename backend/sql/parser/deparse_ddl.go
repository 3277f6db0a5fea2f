package parser

func (n *CreateStmt) format(w *writer) {
	w.str("CREATE ")
	w.persistence(n.Relation)
	w.str("TABLE ")
	if n.IfNotExists {
		w.str("IF NOT EXISTS ")
	}
	w.rangeVarName(n.Relation)
	w.str(" (")
	for i, e := range n.Elements {
		if i > 0 {
			w.str(", ")
		}
		e.format(w)
	}
	w.byte(')')
	if len(n.Inherits) > 0 {
		w.str(" INHERITS (")
		w.relations(n.Inherits)
		w.byte(')')
	}
	if n.AccessMethod != "" {
		w.str(" USING ")
		w.ident(n.AccessMethod)
	}
	if len(n.Options) > 0 {
		w.str(" WITH ")
		w.relOptions(n.Options)
	}
	w.onCommit(n.OnCommit)
	if n.Tablespace != "" {
		w.str(" TABLESPACE ")
		w.ident(n.Tablespace)
	}
}

func (w *writer) onCommit(a OnCommitAction) {
	switch a {
	case OnCommitPreserveRows:
		w.str(" ON COMMIT PRESERVE ROWS")
	case OnCommitDeleteRows:
		w.str(" ON COMMIT DELETE ROWS")
	case OnCommitDrop:
		w.str(" ON COMMIT DROP")
	}
}

func (n *ColumnDef) format(w *writer) {
	w.ident(n.Name)
	w.byte(' ')
	if n.Type != nil {
		n.Type.format(w)
	}
	w.collateAndConstraints(n.Collation, n.Constraints)
}

// collateAndConstraints writes what follows a column's or a domain's
// type: its COLLATE clause and its column constraints.
func (w *writer) collateAndConstraints(collation []string, cons []*Constraint) {
	if collation != nil {
		w.str(" COLLATE ")
		w.names(collation)
	}
	for _, c := range cons {
		w.byte(' ')
		c.formatColumn(w)
	}
}

func (n *TableLikeClause) format(w *writer) {
	w.str("LIKE ")
	w.rangeVarName(n.Relation)
	for _, o := range n.Options {
		w.byte(' ')
		o.format(w)
	}
}

func (o TableLikeOption) format(w *writer) {
	if o.Including {
		w.str("INCLUDING ")
	} else {
		w.str("EXCLUDING ")
	}
	w.str(upperASCII(o.Option))
}

// format writes a table constraint.
func (n *Constraint) format(w *writer) {
	if n.Name != "" {
		w.str("CONSTRAINT ")
		w.ident(n.Name)
		w.byte(' ')
	}
	switch n.Type {
	case ConstrCheck:
		w.str("CHECK (")
		w.expr(n.Expr)
		w.byte(')')
	case ConstrUnique, ConstrPrimary:
		if n.Type == ConstrUnique {
			w.str("UNIQUE")
			if n.NullsNotDistinct {
				w.str(" NULLS NOT DISTINCT")
			}
		} else {
			w.str("PRIMARY KEY")
		}
		if n.IndexName != "" {
			w.str(" USING INDEX ")
			w.ident(n.IndexName)
		} else {
			w.byte(' ')
			w.parenIdents(n.Keys)
			w.indexOptions(n)
		}
	case ConstrForeign:
		w.str("FOREIGN KEY ")
		w.parenIdents(n.FkAttrs)
		w.references(n)
	default:
		n.formatColumn(w)
		return
	}
	w.constraintAttributes(n)
}

func (w *writer) indexOptions(n *Constraint) {
	if n.Include != nil {
		w.str(" INCLUDE ")
		w.parenIdents(n.Include)
	}
	if len(n.Options) > 0 {
		w.str(" WITH ")
		w.relOptions(n.Options)
	}
	if n.IndexTablespace != "" {
		w.str(" USING INDEX TABLESPACE ")
		w.ident(n.IndexTablespace)
	}
}

func (w *writer) references(n *Constraint) {
	w.str(" REFERENCES ")
	w.referencesBody(n)
}

// referencesBody writes a REFERENCES clause after the keyword.
func (w *writer) referencesBody(n *Constraint) {
	if n.PkTable != nil {
		w.rangeVarName(n.PkTable)
	}
	if n.PkAttrs != nil {
		w.byte(' ')
		w.parenIdents(n.PkAttrs)
	}
	if n.MatchType == MatchFull {
		w.str(" MATCH FULL")
	}
	actions := [...]string{"NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"}
	if n.OnUpdate != FKNoAction {
		w.str(" ON UPDATE " + actions[n.OnUpdate%5])
	}
	if n.OnDelete != FKNoAction || n.FkDelSetCols != nil {
		w.str(" ON DELETE " + actions[n.OnDelete%5])
		if n.FkDelSetCols != nil {
			w.byte(' ')
			w.parenIdents(n.FkDelSetCols)
		}
	}
}

// constraintAttributes writes a table constraint's attributes.
func (w *writer) constraintAttributes(n *Constraint) {
	if n.Deferrable && !n.InitDeferred {
		w.str(" DEFERRABLE")
	}
	if n.InitDeferred {
		w.str(" INITIALLY DEFERRED")
	}
	if n.NotValid {
		w.str(" NOT VALID")
	}
	if n.NoInherit {
		w.str(" NO INHERIT")
	}
}

// formatColumn writes a column constraint.
func (n *Constraint) formatColumn(w *writer) {
	if n.Name != "" {
		w.str("CONSTRAINT ")
		w.ident(n.Name)
		w.byte(' ')
	}
	switch n.Type {
	case ConstrNull:
		w.str("NULL")
	case ConstrNotNull:
		w.str("NOT NULL")
	case ConstrDefault:
		w.str("DEFAULT ")
		w.bexprOf(n.Expr)
	case ConstrIdentity:
		w.generatedWhen(n)
		w.str(" AS IDENTITY")
		if len(n.Options) > 0 {
			w.str(" (")
			w.seqOptions(n.Options)
			w.byte(')')
		}
	case ConstrGenerated:
		w.generatedWhen(n)
		w.str(" AS (")
		w.expr(n.Expr)
		w.str(") STORED")
	case ConstrCheck:
		w.str("CHECK (")
		w.expr(n.Expr)
		w.byte(')')
		if n.NoInherit {
			w.str(" NO INHERIT")
		}
	case ConstrUnique:
		w.str("UNIQUE")
		if n.NullsNotDistinct {
			w.str(" NULLS NOT DISTINCT")
		}
		w.indexOptions(n)
	case ConstrPrimary:
		w.str("PRIMARY KEY")
		w.indexOptions(n)
	case ConstrForeign:
		w.str("REFERENCES ")
		w.referencesBody(n)
	case ConstrAttrDeferrable:
		w.str("DEFERRABLE")
	case ConstrAttrNotDeferrable:
		w.str("NOT DEFERRABLE")
	case ConstrAttrDeferred:
		w.str("INITIALLY DEFERRED")
	case ConstrAttrImmediate:
		w.str("INITIALLY IMMEDIATE")
	}
}

func (w *writer) generatedWhen(n *Constraint) {
	if n.GeneratedWhen == GeneratedByDefault {
		w.str("GENERATED BY DEFAULT")
	} else {
		w.str("GENERATED ALWAYS")
	}
}

// seqOptions writes sequence options separated by spaces.
func (w *writer) seqOptions(l []*DefElem) {
	for i, d := range l {
		if i > 0 {
			w.byte(' ')
		}
		switch d.Name {
		case "as":
			w.str("AS ")
			formatArg(w, d.Arg)
		case "cycle":
			if c, ok := d.Arg.(*AConst); ok && !c.Bool {
				w.str("NO ")
			}
			w.str("CYCLE")
		case "increment":
			w.str("INCREMENT BY ")
			formatArg(w, d.Arg)
		case "maxvalue", "minvalue":
			if d.Arg == nil {
				w.str("NO ")
				w.str(upperASCII(d.Name))
			} else {
				w.str(upperASCII(d.Name) + " ")
				formatArg(w, d.Arg)
			}
		case "owned_by":
			w.str("OWNED BY ")
			if nl, ok := d.Arg.(*NameList); ok && len(nl.Names) == 1 && nl.Names[0] == "none" {
				w.str("NONE")
			} else {
				formatArg(w, d.Arg)
			}
		case "sequence_name":
			w.str("SEQUENCE NAME ")
			formatArg(w, d.Arg)
		case "start":
			w.str("START WITH ")
			formatArg(w, d.Arg)
		case "restart":
			w.str("RESTART")
			if d.Arg != nil {
				w.str(" WITH ")
				formatArg(w, d.Arg)
			}
		case "cache":
			w.str("CACHE ")
			formatArg(w, d.Arg)
		}
	}
}

func (n *CreateTableAsStmt) format(w *writer) {
	w.str("CREATE ")
	if n.Into != nil && n.Into.Rel != nil {
		w.persistence(n.Into.Rel)
	}
	if n.ObjType == ObjMatView {
		w.str("MATERIALIZED VIEW ")
	} else {
		w.str("TABLE ")
	}
	if n.IfNotExists {
		w.str("IF NOT EXISTS ")
	}
	into := n.Into
	if into == nil {
		into = &IntoClause{Rel: &RangeVar{}}
	}
	w.rangeVarName(into.Rel)
	if len(into.ColNames) > 0 {
		w.byte(' ')
		w.parenIdents(into.ColNames)
	}
	if into.AccessMethod != "" {
		w.str(" USING ")
		w.ident(into.AccessMethod)
	}
	if len(into.Options) > 0 {
		w.str(" WITH ")
		w.relOptions(into.Options)
	}
	w.onCommit(into.OnCommit)
	if into.Tablespace != "" {
		w.str(" TABLESPACE ")
		w.ident(into.Tablespace)
	}
	w.str(" AS ")
	if n.Query != nil {
		n.Query.format(w)
	}
	if into.WithNoData {
		w.str(" WITH NO DATA")
	}
}

func (n *IndexStmt) format(w *writer) {
	w.str("CREATE ")
	if n.Unique {
		w.str("UNIQUE ")
	}
	w.str("INDEX ")
	if n.Concurrently {
		w.str("CONCURRENTLY ")
	}
	if n.IfNotExists {
		w.str("IF NOT EXISTS ")
	}
	if n.Name != "" {
		w.ident(n.Name)
		w.byte(' ')
	}
	w.str("ON ")
	if n.Relation != nil {
		if n.Relation.Only {
			w.str("ONLY ")
		}
		w.rangeVarName(n.Relation)
	}
	if n.AccessMethod != "" {
		w.str(" USING ")
		w.ident(n.AccessMethod)
	}
	w.str(" (")
	w.indexElems(n.Params)
	w.byte(')')
	if len(n.Include) > 0 {
		w.str(" INCLUDE (")
		w.indexElems(n.Include)
		w.byte(')')
	}
	if n.NullsNotDistinct {
		w.str(" NULLS NOT DISTINCT")
	}
	if len(n.Options) > 0 {
		w.str(" WITH ")
		w.relOptions(n.Options)
	}
	if n.Tablespace != "" {
		w.str(" TABLESPACE ")
		w.ident(n.Tablespace)
	}
	if n.Where != nil {
		w.str(" WHERE ")
		w.expr(n.Where)
	}
}

func (n *CreateSchemaStmt) format(w *writer) {
	w.str("CREATE SCHEMA ")
	if n.IfNotExists {
		w.str("IF NOT EXISTS ")
	}
	if n.Name != "" {
		w.ident(n.Name)
		if n.AuthRole != nil {
			w.byte(' ')
		}
	}
	if n.AuthRole != nil {
		w.str("AUTHORIZATION ")
		n.AuthRole.format(w)
	}
}

func (n *CreateSeqStmt) format(w *writer) {
	w.str("CREATE ")
	if n.Sequence != nil {
		w.persistence(n.Sequence)
	}
	w.str("SEQUENCE ")
	if n.IfNotExists {
		w.str("IF NOT EXISTS ")
	}
	if n.Sequence != nil {
		w.rangeVarName(n.Sequence)
	}
	if len(n.Options) > 0 {
		w.byte(' ')
		w.seqOptions(n.Options)
	}
}

func (n *AlterSeqStmt) format(w *writer) {
	w.str("ALTER SEQUENCE ")
	if n.MissingOk {
		w.str("IF EXISTS ")
	}
	if n.Sequence != nil {
		w.rangeVarName(n.Sequence)
	}
	w.byte(' ')
	w.seqOptions(n.Options)
}

func (n *ViewStmt) format(w *writer) {
	w.str("CREATE ")
	if n.Replace {
		w.str("OR REPLACE ")
	}
	if n.View != nil {
		w.persistence(n.View)
	}
	if n.Recursive {
		w.str("RECURSIVE ")
	}
	w.str("VIEW ")
	if n.View != nil {
		w.rangeVarName(n.View)
	}
	if len(n.Aliases) > 0 {
		w.byte(' ')
		w.parenIdents(n.Aliases)
	}
	if len(n.Options) > 0 {
		w.str(" WITH ")
		w.relOptions(n.Options)
	}
	w.str(" AS ")
	if n.Query != nil {
		n.Query.format(w)
	}
	switch n.CheckOption {
	case LocalCheckOption:
		w.str(" WITH LOCAL CHECK OPTION")
	case CascadedCheckOption:
		w.str(" WITH CASCADED CHECK OPTION")
	}
}

func (n *CreatedbStmt) format(w *writer) {
	w.str("CREATE DATABASE ")
	w.ident(n.Name)
	for _, d := range n.Options {
		w.byte(' ')
		if d.Name == "connection_limit" {
			w.str("CONNECTION LIMIT")
		} else {
			w.ident(d.Name)
		}
		w.str(" = ")
		if d.Arg == nil {
			w.str("DEFAULT")
		} else {
			formatArg(w, d.Arg)
		}
	}
}

func (n *DropdbStmt) format(w *writer) {
	w.str("DROP DATABASE ")
	if n.MissingOk {
		w.str("IF EXISTS ")
	}
	w.ident(n.Name)
	if n.Force {
		w.str(" WITH (FORCE)")
	}
}

func (n *AlterTableStmt) format(w *writer) {
	w.str("ALTER " + objTypeWords[n.ObjType] + " ")
	if n.MissingOk {
		w.str("IF EXISTS ")
	}
	if n.Relation != nil {
		if n.Relation.Only {
			w.str("ONLY ")
		}
		w.rangeVarName(n.Relation)
	}
	for i, c := range n.Cmds {
		if i > 0 {
			w.byte(',')
		}
		w.byte(' ')
		c.format(w)
	}
}

func (c *AlterTableCmd) format(w *writer) {
	switch c.Kind {
	case ATAddColumn:
		w.str("ADD COLUMN ")
		if c.MissingOk {
			w.str("IF NOT EXISTS ")
		}
		if c.Column != nil {
			c.Column.format(w)
		}
	case ATDropColumn:
		w.str("DROP COLUMN ")
		if c.MissingOk {
			w.str("IF EXISTS ")
		}
		w.ident(c.Name)
		w.behavior(c.Behavior)
	case ATAlterColumnType:
		w.str("ALTER COLUMN ")
		w.ident(c.Name)
		w.str(" TYPE ")
		if c.Type != nil {
			c.Type.format(w)
		}
		if c.Collation != nil {
			w.str(" COLLATE ")
			w.names(c.Collation)
		}
		if c.Using != nil {
			w.str(" USING ")
			w.expr(c.Using)
		}
	case ATColumnDefault:
		w.str("ALTER COLUMN ")
		w.ident(c.Name)
		if c.Expr == nil {
			w.str(" DROP DEFAULT")
		} else {
			w.str(" SET DEFAULT ")
			w.expr(c.Expr)
		}
	case ATDropNotNull:
		w.str("ALTER COLUMN ")
		w.ident(c.Name)
		w.str(" DROP NOT NULL")
	case ATSetNotNull:
		w.str("ALTER COLUMN ")
		w.ident(c.Name)
		w.str(" SET NOT NULL")
	case ATSetStatistics:
		w.str("ALTER COLUMN ")
		w.ident(c.Name)
		w.str(" SET STATISTICS ")
		w.expr(c.Expr)
	case ATAddIdentity:
		w.str("ALTER COLUMN ")
		w.ident(c.Name)
		w.str(" ADD ")
		if c.Constraint != nil {
			c.Constraint.formatColumn(w)
		}
	case ATSetIdentity:
		w.str("ALTER COLUMN ")
		w.ident(c.Name)
		for _, d := range c.Options {
			w.byte(' ')
			switch d.Name {
			case "generated":
				w.str("SET GENERATED ")
				if a, ok := d.Arg.(*AConst); ok && a.Val == "a" {
					w.str("ALWAYS")
				} else {
					w.str("BY DEFAULT")
				}
			case "restart":
				w.seqOptions([]*DefElem{d})
			default:
				w.str("SET ")
				w.seqOptions([]*DefElem{d})
			}
		}
	case ATDropIdentity:
		w.str("ALTER COLUMN ")
		w.ident(c.Name)
		w.str(" DROP IDENTITY")
		if c.MissingOk {
			w.str(" IF EXISTS")
		}
	case ATAddConstraint:
		w.str("ADD ")
		if c.Constraint != nil {
			c.Constraint.format(w)
		}
	case ATDropConstraint:
		w.str("DROP CONSTRAINT ")
		if c.MissingOk {
			w.str("IF EXISTS ")
		}
		w.ident(c.Name)
		w.behavior(c.Behavior)
	case ATValidateConstraint:
		w.str("VALIDATE CONSTRAINT ")
		w.ident(c.Name)
	case ATChangeOwner:
		w.str("OWNER TO ")
		if c.NewOwner != nil {
			c.NewOwner.format(w)
		}
	case ATSetRelOptions:
		w.str("SET ")
		w.relOptions(c.Options)
	case ATResetRelOptions:
		w.str("RESET ")
		w.relOptions(c.Options)
	case ATSetLogged:
		w.str("SET LOGGED")
	case ATSetUnLogged:
		w.str("SET UNLOGGED")
	case ATSetTablespace:
		w.str("SET TABLESPACE ")
		w.ident(c.Name)
	case ATSetSchema:
		w.str("SET SCHEMA ")
		w.ident(c.Name)
	}
}

func (n *RenameStmt) format(w *writer) {
	switch n.ObjType {
	case ObjSchema, ObjDatabase, ObjRole:
		w.str("ALTER " + objTypeWords[n.ObjType] + " ")
		w.ident(n.Object)
		w.str(" RENAME TO ")
		w.ident(n.NewName)
		return
	}
	rel := n.ObjType
	if n.ObjType == ObjColumn || n.ObjType == ObjTabConstraint {
		rel = n.RelationType
	}
	w.str("ALTER " + objTypeWords[rel] + " ")
	if n.MissingOk {
		w.str("IF EXISTS ")
	}
	if n.Relation != nil {
		if n.Relation.Only {
			w.str("ONLY ")
		}
		w.rangeVarName(n.Relation)
	}
	switch n.ObjType {
	case ObjColumn:
		w.str(" RENAME COLUMN ")
		w.ident(n.SubName)
	case ObjTabConstraint:
		w.str(" RENAME CONSTRAINT ")
		w.ident(n.SubName)
	default:
		w.str(" RENAME")
	}
	w.str(" TO ")
	w.ident(n.NewName)
}

func (n *DropStmt) format(w *writer) {
	w.str("DROP " + objTypeWords[n.ObjType] + " ")
	if n.Concurrently {
		w.str("CONCURRENTLY ")
	}
	if n.MissingOk {
		w.str("IF EXISTS ")
	}
	for i, o := range n.Objects {
		if i > 0 {
			w.str(", ")
		}
		w.names(o)
		if i < len(n.ArrayTypes) && n.ArrayTypes[i] {
			w.str("[]")
		}
	}
	w.behavior(n.Behavior)
}

func (n *TruncateStmt) format(w *writer) {
	w.str("TRUNCATE TABLE ")
	w.relations(n.Relations)
	if n.RestartSeqs {
		w.str(" RESTART IDENTITY")
	}
	w.behavior(n.Behavior)
}
