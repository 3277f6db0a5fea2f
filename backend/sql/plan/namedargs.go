package plan

import (
	"strings"

	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// namedArgs rewrites a call using named notation (f(a => 1)) into
// positional notation over the function's declared parameters, filling
// skipped ones with their defaults, as PostgreSQL matches names to
// proargnames. Calls without names are returned unchanged.
func (q *analyzer) namedArgs(name string, n *parser.FuncCall) (*parser.FuncCall, error) {
	firstNamed := -1
	seen := map[string]bool{}
	for i, a := range n.Args {
		na, ok := a.(*parser.NamedArgExpr)
		if !ok {
			if firstNamed >= 0 {
				return nil, q.errAt(pgerr.New(pgerr.SyntaxError, "positional argument cannot follow named argument"), exprLoc(a))
			}
			continue
		}
		if firstNamed < 0 {
			firstNamed = i
		}
		if seen[na.Name] {
			return nil, q.errAt(pgerr.New(pgerr.SyntaxError, "argument name \"%s\" used more than once", na.Name), na.Location)
		}
		seen[na.Name] = true
	}
	if firstNamed < 0 {
		return n, nil
	}
	params := funcs.NamedParams(name)
	pos := make([]parser.Expr, len(params))
	last := firstNamed - 1
	ok := firstNamed <= len(params)
	for i := 0; ok && i < firstNamed; i++ {
		pos[i] = n.Args[i]
	}
	for _, a := range n.Args[firstNamed:] {
		na := a.(*parser.NamedArgExpr)
		k := -1
		for j, p := range params {
			if p.Name == na.Name {
				k = j
			}
		}
		if k < 0 || k < firstNamed {
			ok = false
			break
		}
		pos[k] = na.Arg
		last = max(last, k)
	}
	for i := 0; ok && i <= last; i++ {
		if pos[i] != nil {
			continue
		}
		if params[i].Default == "" {
			ok = false
			break
		}
		pos[i] = &parser.TypeCast{Arg: &parser.AConst{Kind: parser.ConstString, Val: params[i].Default, Location: -1},
			Type: &parser.TypeName{Names: []string{"pg_catalog", params[i].Type}, Location: -1}, Location: -1}
	}
	for i := last + 1; ok && i < len(params); i++ {
		ok = params[i].Default != "" || params[i].Overloaded
	}
	if !ok {
		return nil, q.noNamedMatch(name, n)
	}
	c := *n
	c.Args = pos[:last+1]
	return &c, nil
}

// noNamedMatch is the "function does not exist" error of a call in named
// notation, whose signature shows the names.
func (q *analyzer) noNamedMatch(name string, n *parser.FuncCall) error {
	var b strings.Builder
	for i, a := range n.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		arg := a
		if na, ok := a.(*parser.NamedArgExpr); ok {
			b.WriteString(na.Name + " => ")
			arg = na.Arg
		}
		x, err := q.transform(arg)
		if err != nil {
			return err
		}
		b.WriteString(types.FormatType(types.Of(x.Type().Oid)))
	}
	return q.errAt(pgerr.New(pgerr.UndefinedFunction, "function %s(%s) does not exist", name, b.String()).
		WithHint("No function matches the given name and argument types. You might need to add explicit type casts."), n.Location)
}
