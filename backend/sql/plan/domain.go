package plan

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Domains: an expression never has a domain's type. A cast to a domain
// converts to the base type and then checks the domain's constraints
// (a call of a function made for the domain, domainCheckCall); a value
// stored into a column whose type is a domain is checked by the executor
// with the Domain the table description carries (TableColumn.Domain).
// Function and operator resolution thus see the base type, as PostgreSQL
// resolves a domain argument.

// Domain is a domain's constraints ready to check values.
type Domain struct {
	Oid     types.Oid
	Name    string // as format_type prints it, for messages
	NotNull bool
	Checks  []Check // over a one-column row holding the value (VALUE)
}

// CompileDomain analyses the CHECK constraints of domain info.
func CompileDomain(info *types.Info, env *types.Env) (*Domain, error) {
	d := info.Domain
	out := &Domain{Oid: info.Oid, Name: info.Name, NotNull: d.NotNull}
	if len(d.Checks) == 0 {
		return out, nil
	}
	t := &Table{Name: info.Name, Cols: []TableColumn{{Name: "value", T: d.Base}}}
	for _, ck := range d.Checks {
		x, err := ParseExpr(ck.Expr, t, noTables{}, env)
		if err != nil {
			return nil, err
		}
		walk(x, func(e expr.Expr) bool {
			if _, ok := e.(*expr.SubLink); ok {
				err = pgerr.New(pgerr.FeatureNotSupported, "cannot use subquery in check constraint")
			}
			return err == nil
		})
		if err != nil {
			return nil, err
		}
		out.Checks = append(out.Checks, Check{Name: ck.Name, Expr: x})
	}
	return out, nil
}

// Check checks value v against the domain: 23502 for a NULL when the
// domain is NOT NULL, 23514 when a CHECK is false.
func (d *Domain) Check(v types.Datum, ctx *funcs.Ctx) error {
	if v.Null && d.NotNull {
		return pgerr.New(pgerr.NotNullViolation, "domain %s does not allow null values", d.Name)
	}
	if len(d.Checks) == 0 {
		return nil
	}
	f := expr.Frame{Row: []types.Datum{v}, Ctx: ctx}
	for _, ck := range d.Checks {
		r, err := ck.Expr.Eval(&f)
		if err != nil {
			return err
		}
		if !r.Null && r.I == 0 {
			return pgerr.New(pgerr.CheckViolation, "value for domain %s violates check constraint \"%s\"", d.Name, ck.Name)
		}
	}
	return nil
}

// domainCheckCall wraps x, of the domain's base type, in the check of
// domain d.
func domainCheckCall(x expr.Expr, d *Domain) expr.Expr {
	t := x.Type()
	fn := &funcs.Func{Name: "domain_check", Args: []types.Oid{t.Oid}, Result: t.Oid,
		Volatility: funcs.Stable, Kind: funcs.KindFunc,
		Call: func(c *funcs.Ctx, args []types.Datum) (types.Datum, error) {
			if err := d.Check(args[0], c); err != nil {
				return types.Null, err
			}
			return args[0], nil
		}}
	return expr.NewCall(fn, []expr.Expr{x}, t)
}

// noTables is the catalog of an analysis that may name no table.
type noTables struct{}

func (noTables) LookupTable(schema, name string) (*Table, error) {
	return nil, pgerr.New(pgerr.FeatureNotSupported, "cannot use subquery in check constraint")
}

func (noTables) TableDefaults(*Table) []string { return nil }

// DomainCheckExpr wraps x, of domain info's base type, in the domain's
// check (ALTER COLUMN ... TYPE to a domain).
func DomainCheckExpr(x expr.Expr, info *types.Info, env *types.Env) (expr.Expr, error) {
	d, err := CompileDomain(info, env)
	if err != nil {
		return nil, err
	}
	return domainCheckCall(x, d), nil
}

// noteParamDomain records that x, when it is a parameter of undecided
// type, is assigned to column c: a domain column's domain describes it,
// as PostgreSQL describes such a parameter.
func (q *analyzer) noteParamDomain(x expr.Expr, c TableColumn) {
	p, ok := x.(*expr.Param)
	if !ok || c.Domain == nil || c.Domain.Oid == 0 || p.Type().Oid != types.UnknownOid || p.Index >= len(q.params) {
		return
	}
	q.params[p.Index].domain = c.Domain.Oid
}

// paramDomains lists the parameters' domains, nil when none has one.
func (q *analyzer) paramDomains() []types.Oid {
	var out []types.Oid
	for i, p := range q.params {
		if p.domain == 0 {
			continue
		}
		if out == nil {
			out = make([]types.Oid, len(q.params))
		}
		out[i] = p.domain
	}
	return out
}
