package engine

import (
	"hash/crc32"
	"strings"

	"ringpg/backend/catalog"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Domains: CREATE DOMAIN, ALTER DOMAIN and DROP DOMAIN, the description
// of a domain for package types, and the checks of columns whose type is
// a domain (planTable compiles them into plan.TableColumn.Domain).

// domainInfo describes domain t for package types.
func (u userTypes) domainInfo(t *catalog.UserType) *types.Info {
	s := u.s
	snap := s.snapshot()
	base := types.Lookup(t.Base)
	if base == nil {
		return nil
	}
	name := parser.QuoteIdent(t.Name)
	if !s.cat.TypeVisible(snap, s.searchPath(), t) {
		nsName, _ := s.cat.NamespaceName(snap, t.Namespace)
		name = parser.QuoteIdent(nsName) + "." + name
	}
	d := &types.Domain{Base: types.T{Oid: t.Base, Mod: t.TypMod}, NotNull: t.NotNull, Default: t.Default}
	for _, ck := range t.Checks {
		d.Checks = append(d.Checks, types.DomainCheck{Name: ck.Name, Expr: ck.Expr})
	}
	return types.DomainTypeInfo(t.Oid, t.Name, name, base, d)
}

// domainNamed returns the domain a column's type names, nil when it names
// another type.
func (s *Session) domainNamed(tn *parser.TypeName) (*types.Info, error) {
	if len(tn.ArrayBounds) > 0 || len(tn.Names) > 2 || tn.PctType {
		return nil, nil
	}
	if builtinType(tn.Names) != nil {
		return nil, nil
	}
	schema := ""
	if len(tn.Names) == 2 {
		schema = tn.Names[0]
	}
	info, err := types.LookupUserType(schema, tn.Names[len(tn.Names)-1])
	if err != nil || info == nil || info.Domain == nil {
		return nil, err
	}
	return info, nil
}

// columnDomainType is the type a column of domain info is declared with.
func columnDomainType(info *types.Info) types.T {
	return types.T{Oid: info.Oid, Mod: -1}
}

// compileColumnDomain compiles the checks of a column's domain.
func (s *Session) compileColumnDomain(oid uint32) (*plan.Domain, error) {
	info := types.Lookup(oid)
	if info == nil || info.Domain == nil {
		return nil, pgerr.New(pgerr.InternalError, "cache lookup failed for type %d", oid)
	}
	return plan.CompileDomain(info, s.env)
}

func (s *Session) createDomain(n *parser.CreateDomainStmt) (string, error) {
	schema, name, err := typeNameParts(n.Name)
	if err != nil {
		return "", err
	}
	ns, owner, err := s.newTypeNamespace(schema, name)
	if err != nil {
		return "", err
	}
	base, err := s.domainBaseType(n.Type)
	if err != nil {
		return "", err
	}
	binfo := types.Lookup(base.Oid)
	spec := catalog.DomainSpec{Name: name, Namespace: ns, Owner: owner, Base: base, Collation: binfo.Collation}
	if n.Collation != nil {
		if binfo.Collation == 0 {
			return "", pgerr.New(pgerr.DatatypeMismatch, "collations are not supported by type %s", binfo.Name)
		}
		if err := checkCollationName(n.Collation); err != nil {
			return "", err
		}
	}
	var sawNull, sawNotNull, sawDefault bool
	for _, c := range n.Constraints {
		switch c.Type {
		case parser.ConstrDefault:
			if sawDefault {
				return "", pgerr.New(pgerr.SyntaxError, "multiple default expressions")
			}
			sawDefault = true
			def, text, err := s.domainDefault(c.Expr, name, base)
			if err != nil {
				return "", err
			}
			spec.Default, spec.DefaultText = def, text
		case parser.ConstrNotNull:
			if sawNull {
				return "", pgerr.New(pgerr.SyntaxError, "conflicting NULL/NOT NULL constraints")
			}
			sawNotNull, spec.NotNull = true, true
		case parser.ConstrNull:
			if sawNotNull {
				return "", pgerr.New(pgerr.SyntaxError, "conflicting NULL/NOT NULL constraints")
			}
			sawNull = true
		case parser.ConstrCheck:
			ck, err := s.domainCheckSpec(c, name, base)
			if err != nil {
				return "", err
			}
			spec.Checks = append(spec.Checks, ck)
		default:
			return "", domainConstraintError(c)
		}
	}
	if err := s.lockTypeObject(crc32.ChecksumIEEE([]byte(name)), ns); err != nil {
		return "", err
	}
	s.didDDL = true
	if _, err := s.cat.CreateDomain(s.xact, s.snapshot(), spec); err != nil {
		return "", err
	}
	return "CREATE DOMAIN", nil
}

// checkCollationName accepts the collation names the server knows.
func checkCollationName(names []string) error {
	n := names[len(names)-1]
	switch strings.ToLower(n) {
	case "c", "posix", "default", "ucs_basic", "c.utf8":
		return nil
	}
	return pgerr.New(pgerr.UndefinedObject, "collation \"%s\" for encoding \"UTF8\" does not exist", n)
}

// domainConstraintError refuses a constraint a domain cannot have.
func domainConstraintError(c *parser.Constraint) error {
	switch c.Type {
	case parser.ConstrUnique:
		return pgerr.New(pgerr.SyntaxError, "unique constraints not possible for domains")
	case parser.ConstrPrimary:
		return pgerr.New(pgerr.SyntaxError, "primary key constraints not possible for domains")
	case parser.ConstrForeign:
		return pgerr.New(pgerr.SyntaxError, "foreign key constraints not possible for domains")
	case parser.ConstrAttrDeferrable, parser.ConstrAttrNotDeferrable, parser.ConstrAttrDeferred, parser.ConstrAttrImmediate:
		return pgerr.New(pgerr.FeatureNotSupported, "specifying constraint deferrability not supported for domains")
	}
	return pgerr.New(pgerr.FeatureNotSupported, "this constraint is not supported for domains")
}

// domainBaseType resolves a domain's base type: domains over domains,
// arrays and other non-base types are not supported.
func (s *Session) domainBaseType(tn *parser.TypeName) (types.T, error) {
	if d, err := s.domainNamed(tn); err != nil {
		return types.T{}, err
	} else if d != nil {
		return types.T{}, pgerr.New(pgerr.FeatureNotSupported, "domains over domains are not supported")
	}
	t, err := planTypeName(tn)
	if err != nil {
		return types.T{}, err
	}
	info := types.Lookup(t.Oid)
	if info == nil {
		return types.T{}, pgerr.New(pgerr.UndefinedObject, "type %s does not exist", tn.String())
	}
	if info.Kind == types.KindPseudo {
		return types.T{}, pgerr.New(pgerr.DatatypeMismatch, "\"%s\" is not a valid base type for a domain", info.Name)
	}
	if info.IsArray() || info.Category == types.CatComposite {
		return types.T{}, pgerr.New(pgerr.FeatureNotSupported, "domains over arrays and composite types are not supported")
	}
	return t, nil
}

// domainDefault checks a domain's default (coerced to the base type) and
// returns its SQL text and its text for typdefault, where a string
// literal shows its type as PostgreSQL's deparsed default does.
func (s *Session) domainDefault(x parser.Expr, domain string, base types.T) (def, text string, err error) {
	def = x.String()
	v, _, err := plan.ColumnDefault(def, base, domain, sessionCatalog{s}, s.env)
	if err != nil {
		return "", "", err
	}
	text = def
	if c, ok := x.(*parser.AConst); ok && c.Kind == parser.ConstString {
		if k, ok := v.(*expr.Const); ok && !k.Value.Null {
			text = parser.QuoteString(types.Output(k.T, k.Value, s.env)) + "::" + types.FormatType(types.T{Oid: base.Oid, Mod: -1})
		}
	}
	return def, text, nil
}

// domainCheckSpec checks a domain's CHECK expression (boolean, over VALUE)
// and returns its catalog spec.
func (s *Session) domainCheckSpec(c *parser.Constraint, domain string, base types.T) (catalog.DomainCheckSpec, error) {
	text := c.Expr.String()
	info := &types.Info{Name: domain, Domain: &types.Domain{Base: base, Checks: []types.DomainCheck{{Name: c.Name, Expr: text}}}}
	d, err := plan.CompileDomain(info, s.env)
	if err != nil {
		return catalog.DomainCheckSpec{}, err
	}
	if t := d.Checks[0].Expr.Type(); t.Oid != types.BoolOid {
		return catalog.DomainCheckSpec{}, pgerr.New(pgerr.DatatypeMismatch, "argument of CHECK must be type boolean, not type %s", types.FormatType(t))
	}
	return catalog.DomainCheckSpec{Name: c.Name, Expr: text, NotValid: c.NotValid}, nil
}

// lockedDomain looks up and locks the domain an ALTER DOMAIN names.
func (s *Session) lockedDomain(names []string) (*catalog.UserType, error) {
	t, err := s.lockedUserType(names)
	if err != nil {
		return nil, err
	}
	if t.Kind != types.KindDomain {
		return nil, pgerr.New(pgerr.WrongObjectType, "%s is not a domain", parser.QuoteIdent(t.Name))
	}
	if err := s.checkTypeOwner(t); err != nil {
		return nil, err
	}
	return t, nil
}

func (s *Session) alterDomain(n *parser.AlterDomainStmt) (string, error) {
	t, err := s.lockedDomain(n.Name)
	if err != nil {
		return "", err
	}
	base := types.T{Oid: t.Base, Mod: t.TypMod}
	s.didDDL = true
	snap := s.snapshot()
	switch n.Kind {
	case parser.AlterDomainSetDefault:
		def, text := "", ""
		if n.Default != nil {
			if def, text, err = s.domainDefault(n.Default, t.Name, base); err != nil {
				return "", err
			}
		}
		err = s.cat.SetDomainDefault(s.xact, snap, t.Oid, def, text)
	case parser.AlterDomainNotNull:
		if n.NotNull && !t.NotNull {
			if err := s.verifyDomainRows(t, "", func(col string) string { return col + " IS NULL" }); err != nil {
				return "", err
			}
		}
		err = s.cat.SetDomainNotNull(s.xact, snap, t.Oid, n.NotNull)
	case parser.AlterDomainAddConstraint:
		err = s.addDomainConstraint(t, n.Constraint, base)
	case parser.AlterDomainDropConstraint:
		err = s.cat.DropDomainCheck(s.xact, snap, t.Oid, n.ConName, n.Behavior == parser.DropCascade)
		if e, ok := err.(*pgerr.Error); ok && e.Code == pgerr.UndefinedObject && n.MissingOk {
			s.queueNotice("constraint \"" + n.ConName + "\" of domain \"" + t.Name + "\" does not exist, skipping")
			err = nil
		}
	case parser.AlterDomainValidateConstraint:
		err = s.validateDomainConstraint(t, n.ConName)
	case parser.AlterDomainRenameConstraint:
		err = s.cat.RenameDomainCheck(s.xact, snap, t.Oid, n.ConName, n.NewName)
	case parser.AlterDomainRename:
		err = s.cat.RenameType(s.xact, snap, t.Oid, n.NewName)
	}
	if err != nil {
		return "", err
	}
	return "ALTER DOMAIN", nil
}

// addDomainConstraint is ALTER DOMAIN ... ADD: NOT NULL as SET NOT NULL,
// a CHECK checked against the stored values unless NOT VALID.
func (s *Session) addDomainConstraint(t *catalog.UserType, c *parser.Constraint, base types.T) error {
	switch c.Type {
	case parser.ConstrNotNull:
		if !t.NotNull {
			if err := s.verifyDomainRows(t, "", func(col string) string { return col + " IS NULL" }); err != nil {
				return err
			}
		}
		return s.cat.SetDomainNotNull(s.xact, s.snapshot(), t.Oid, true)
	case parser.ConstrCheck:
	default:
		return domainConstraintError(c)
	}
	spec, err := s.domainCheckSpec(c, t.Name, base)
	if err != nil {
		return err
	}
	if !spec.NotValid {
		if err := s.verifyDomainRows(t, spec.Expr, nil); err != nil {
			return err
		}
	}
	_, err = s.cat.AddDomainCheck(s.xact, s.snapshot(), t.Oid, spec)
	return err
}

// validateDomainConstraint is ALTER DOMAIN ... VALIDATE CONSTRAINT.
func (s *Session) validateDomainConstraint(t *catalog.UserType, name string) error {
	for _, ck := range t.Checks {
		if ck.Name != name {
			continue
		}
		if !ck.Validated {
			if err := s.verifyDomainRows(t, ck.Expr, nil); err != nil {
				return err
			}
		}
		return s.cat.ValidateDomainCheck(s.xact, s.snapshot(), t.Oid, name)
	}
	return pgerr.New(pgerr.UndefinedObject, "constraint \"%s\" of domain \"%s\" does not exist", name, t.Name)
}

// verifyDomainRows checks the stored values of every column of domain t:
// against CHECK expression check (over VALUE), or with nullCond (a
// condition over the quoted column name) for NOT NULL.
func (s *Session) verifyDomainRows(t *catalog.UserType, check string, nullCond func(col string) string) error {
	snap := s.snapshot()
	cols, err := s.cat.DomainColumns(snap, t.Oid)
	if err != nil {
		return err
	}
	for _, dc := range cols {
		rel, err := s.cat.Relation(snap, dc.Rel)
		if err != nil {
			return err
		}
		if rel.Kind != catalog.KindTable {
			continue
		}
		var name string
		for _, c := range rel.Columns {
			if c.Num == dc.Num {
				name = c.Name
			}
		}
		col := parser.QuoteIdent(name)
		var sql string
		if nullCond != nil {
			sql = "SELECT 1 FROM " + qualifiedRel(rel) + " WHERE " + nullCond(col) + " LIMIT 1"
		} else {
			sql = "SELECT 1 FROM (SELECT " + col + " AS value FROM " + qualifiedRel(rel) + ") AS d WHERE NOT (" + check + ") LIMIT 1"
		}
		row, err := s.firstRow(sql)
		if err != nil {
			return err
		}
		if row == nil {
			continue
		}
		if nullCond != nil {
			return pgerr.New(pgerr.NotNullViolation, "column \"%s\" of table \"%s\" contains null values", name, rel.Name)
		}
		return pgerr.New(pgerr.CheckViolation, "column \"%s\" of table \"%s\" contains values that violate the new constraint", name, rel.Name)
	}
	return nil
}

// domainCheckDef is pg_get_constraintdef of a domain's CHECK constraint:
// its analysed expression printed as ruleutils prints it, VALUE in
// capitals; checkDefText when it cannot be analysed.
func (s *Session) domainCheckDef(con *catalog.Constraint, pretty bool) string {
	t, err := s.cat.UserType(s.snapshot(), con.Domain)
	if err != nil || t == nil || t.Kind != types.KindDomain {
		return checkDefText(con, pretty)
	}
	pt := &plan.Table{Name: t.Name, Cols: []plan.TableColumn{{Name: "value", T: types.T{Oid: t.Base, Mod: t.TypMod}}}}
	x, err := plan.ParseExpr(con.Check, pt, sessionCatalog{s}, s.env)
	if err != nil {
		return checkDefText(con, pretty)
	}
	d := &deparser{s: s, pretty: pretty, ok: true}
	out := d.top(x)
	if !d.ok || lostCall(con.Check, out) {
		return checkDefText(con, pretty)
	}
	def := "CHECK (" + upperValue(out) + ")"
	if !con.Validated {
		def += " NOT VALID"
	}
	return def
}

// checkDefText is a domain CHECK constraint's definition from its text:
// VALUE in capitals, an operator parenthesised unless pretty.
func checkDefText(con *catalog.Constraint, pretty bool) string {
	def := "CHECK (" + upperValue(con.Check) + ")"
	if stmts, err := parser.Parse("SELECT " + con.Check); err == nil && len(stmts) == 1 {
		if sel, ok := stmts[0].(*parser.SelectStmt); ok && len(sel.Targets) == 1 {
			if _, call := sel.Targets[0].Val.(*parser.FuncCall); !call && !pretty {
				// An operator's deparsed form is parenthesised.
				def = "CHECK ((" + upperValue(con.Check) + "))"
			}
		}
	}
	if !con.Validated {
		def += " NOT VALID"
	}
	return def
}

// upperValue capitalises the bare word value outside quotes.
func upperValue(src string) string {
	b := []byte(src)
	isWord := func(c byte) bool {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
	}
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '\'' || c == '"':
			for i++; i < len(b) && b[i] != c; i++ {
			}
		case isWord(c):
			j := i
			for j < len(b) && isWord(b[j]) {
				j++
			}
			if string(b[i:j]) == "value" {
				copy(b[i:j], "VALUE")
			}
			i = j - 1
		}
	}
	return string(b)
}

// columnDomain is the type a new table's column made from output column
// c of type t takes: the domain of the table column c reads directly
// when it has one (as the expression would have the domain's type in
// PostgreSQL), else t.
func (s *Session) columnDomain(c plan.Column, t types.T) types.T {
	if c.Table == 0 || c.Attnum <= 0 {
		return t
	}
	rel := s.relationOrNil(c.Table)
	if rel == nil || int(c.Attnum) > len(rel.Columns) {
		return t
	}
	if col := rel.Columns[c.Attnum-1]; col.Domain != 0 && col.Type == t {
		return types.T{Oid: col.Domain, Mod: -1}
	}
	return t
}
