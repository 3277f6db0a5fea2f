package funcs

import (
	"fmt"
	"strings"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// A tiny expression language for the tests, a subset of SQL that
// PostgreSQL runs unchanged: literals ('text', 12, 1.5, NULL, true),
// casts (x::type), function calls, prefix and infix operators (all infix
// operators have one precedence, left to right: tests use parentheses).

type node interface {
	eval(c *Ctx) (types.Datum, types.T, error)
}

type litNode struct {
	text    string
	number  bool
	isNull  bool
	boolean int // 0 none, 1 false, 2 true
}

type castNode struct {
	x node
	t types.T
}

type callNode struct {
	name string
	args []node
}

type opNode struct {
	op   string
	l, r node // l nil for prefix
}

type exprParser struct {
	src string
	pos int
}

func (p *exprParser) parse() (node, error) {
	n, err := p.expr()
	if err != nil {
		return nil, err
	}
	p.skip()
	if p.pos < len(p.src) {
		return nil, fmt.Errorf("trailing %q", p.src[p.pos:])
	}
	return n, nil
}

func (p *exprParser) skip() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t') {
		p.pos++
	}
}

const opChars = "+-*/<>=~!@#%^&|`?"

func (p *exprParser) peekOp() string {
	p.skip()
	i := p.pos
	for i < len(p.src) && strings.IndexByte(opChars, p.src[i]) >= 0 {
		i++
	}
	return p.src[p.pos:i]
}

func (p *exprParser) expr() (node, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		op := p.peekOp()
		if op == "" {
			return l, nil
		}
		p.pos += len(op)
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		l = &opNode{op: op, l: l, r: r}
	}
}

func (p *exprParser) unary() (node, error) {
	if op := p.peekOp(); op != "" {
		p.pos += len(op)
		if op == "-" {
			// PostgreSQL folds a minus into a bare numeric literal.
			save := p.pos
			p.skip()
			if p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
				if x, err := p.primary(); err == nil {
					if l, ok := x.(*litNode); ok && l.number {
						p.skip()
						if !strings.HasPrefix(p.src[p.pos:], "::") {
							return &litNode{text: "-" + l.text, number: true}, nil
						}
					}
				}
			}
			p.pos = save
		}
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &opNode{op: op, r: x}, nil
	}
	x, err := p.primary()
	if err != nil {
		return nil, err
	}
	for {
		p.skip()
		if !strings.HasPrefix(p.src[p.pos:], "::") {
			return x, nil
		}
		p.pos += 2
		t, err := p.typeName()
		if err != nil {
			return nil, err
		}
		x = &castNode{x: x, t: t}
	}
}

func (p *exprParser) typeName() (types.T, error) {
	p.skip()
	start := p.pos
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == '(' {
			for p.pos < len(p.src) && p.src[p.pos] != ')' {
				p.pos++
			}
			p.pos++
			continue
		}
		if !(isIdent(c) || c == '[' || c == ']' || c == '"') {
			break
		}
		p.pos++
	}
	return types.ParseTypeName(p.src[start:p.pos])
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func (p *exprParser) primary() (node, error) {
	p.skip()
	if p.pos >= len(p.src) {
		return nil, fmt.Errorf("unexpected end")
	}
	c := p.src[p.pos]
	switch {
	case c == '(':
		p.pos++
		x, err := p.expr()
		if err != nil {
			return nil, err
		}
		p.skip()
		if p.pos >= len(p.src) || p.src[p.pos] != ')' {
			return nil, fmt.Errorf("missing )")
		}
		p.pos++
		return x, nil
	case c == '\'':
		var b strings.Builder
		p.pos++
		for {
			if p.pos >= len(p.src) {
				return nil, fmt.Errorf("unterminated string")
			}
			if p.src[p.pos] == '\'' {
				if p.pos+1 < len(p.src) && p.src[p.pos+1] == '\'' {
					b.WriteByte('\'')
					p.pos += 2
					continue
				}
				p.pos++
				break
			}
			b.WriteByte(p.src[p.pos])
			p.pos++
		}
		return &litNode{text: b.String()}, nil
	case c >= '0' && c <= '9' || c == '.':
		start := p.pos
		for p.pos < len(p.src) && (p.src[p.pos] >= '0' && p.src[p.pos] <= '9' || p.src[p.pos] == '.' ||
			p.src[p.pos] == 'e' || (p.src[p.pos] == '-' && p.src[p.pos-1] == 'e')) {
			p.pos++
		}
		return &litNode{text: p.src[start:p.pos], number: true}, nil
	case isIdent(c):
		start := p.pos
		for p.pos < len(p.src) && (isIdent(p.src[p.pos]) || p.src[p.pos] == '.') {
			p.pos++
		}
		word := strings.TrimPrefix(p.src[start:p.pos], "pg_catalog.")
		switch strings.ToLower(word) {
		case "null":
			return &litNode{isNull: true}, nil
		case "true":
			return &litNode{boolean: 2}, nil
		case "false":
			return &litNode{boolean: 1}, nil
		}
		p.skip()
		if p.pos >= len(p.src) || p.src[p.pos] != '(' {
			return nil, fmt.Errorf("expected ( after %s", word)
		}
		p.pos++
		call := &callNode{name: strings.ToLower(word)}
		p.skip()
		if p.pos < len(p.src) && p.src[p.pos] == ')' {
			p.pos++
			return call, nil
		}
		for {
			a, err := p.expr()
			if err != nil {
				return nil, err
			}
			call.args = append(call.args, a)
			p.skip()
			if p.pos < len(p.src) && p.src[p.pos] == ',' {
				p.pos++
				continue
			}
			if p.pos < len(p.src) && p.src[p.pos] == ')' {
				p.pos++
				return call, nil
			}
			return nil, fmt.Errorf("expected , or )")
		}
	}
	return nil, fmt.Errorf("unexpected %q", p.src[p.pos:])
}

func (n *litNode) eval(c *Ctx) (types.Datum, types.T, error) {
	switch {
	case n.isNull:
		return types.Null, types.Of(types.UnknownOid), nil
	case n.boolean != 0:
		return types.Bool(n.boolean == 2), types.Of(types.BoolOid), nil
	case n.number:
		if !strings.ContainsAny(n.text, ".e") {
			for _, t := range []types.Oid{types.Int4Oid, types.Int8Oid} {
				if d, err := types.Input(types.Of(t), n.text, c.Env); err == nil {
					return d, types.Of(t), nil
				}
			}
		}
		d, err := types.Input(types.Of(types.NumericOid), n.text, c.Env)
		return d, types.Of(types.NumericOid), err
	}
	return types.Datum{S: n.text}, types.Of(types.UnknownOid), nil
}

func coerce(c *Ctx, d types.Datum, from, to types.T) (types.Datum, error) {
	if d.Null || from == to || to.Oid == types.AnyOid {
		return d, nil
	}
	if from.Oid == types.UnknownOid {
		return types.Input(to, d.S, c.Env)
	}
	if from.Oid == to.Oid && to.Mod < 0 {
		return d, nil
	}
	return types.Cast(d, from, to, false, c.Env)
}

func (n *castNode) eval(c *Ctx) (types.Datum, types.T, error) {
	d, t, err := n.x.eval(c)
	if err != nil {
		return d, t, err
	}
	if d.Null {
		return d, n.t, nil
	}
	if t.Oid == types.UnknownOid {
		d, err = types.Input(n.t, d.S, c.Env)
		return d, n.t, err
	}
	d, err = types.Cast(d, t, n.t, true, c.Env)
	return d, n.t, err
}

// callArgs evaluates and coerces the arguments of a resolved call.
func callArgs(c *Ctx, vals []types.Datum, in, want []types.T) ([]types.Datum, error) {
	out := make([]types.Datum, len(vals))
	for i := range vals {
		d, err := coerce(c, vals[i], in[i], want[i])
		if err != nil {
			return nil, err
		}
		out[i] = d
	}
	return out, nil
}

func evalArgs(c *Ctx, nodes []node) ([]types.Datum, []types.T, error) {
	vals := make([]types.Datum, len(nodes))
	ts := make([]types.T, len(nodes))
	for i, a := range nodes {
		d, t, err := a.eval(c)
		if err != nil {
			return nil, nil, err
		}
		vals[i], ts[i] = d, t
	}
	return vals, ts, nil
}

// invoke applies strictness and variadic packing, then calls.
func invoke(c *Ctx, f *Func, call CallFunc, args []types.Datum, r *Resolved) (types.Datum, error) {
	if r != nil && r.VariadicAt >= 0 {
		args = r.Pack(args)
	}
	if f.Strict {
		for _, a := range args {
			if a.Null {
				return types.Null, nil
			}
		}
	}
	if call == nil {
		return types.Null, pgerr.New("XX000", "no implementation for %s", f.Name)
	}
	return call(c, args)
}

func (n *callNode) eval(c *Ctx) (types.Datum, types.T, error) {
	vals, ts, err := evalArgs(c, n.args)
	if err != nil {
		return types.Null, types.T{}, err
	}
	r, err := ResolveFunc(n.name, ts, false)
	if err != nil {
		return types.Null, types.T{}, err
	}
	args, err := callArgs(c, vals, ts, r.ArgTypes)
	if err != nil {
		return types.Null, types.T{}, err
	}
	d, err := invoke(c, r.Func, r.Call, args, r)
	return d, r.Result, err
}

func (n *opNode) eval(c *Ctx) (types.Datum, types.T, error) {
	var vals []types.Datum
	var ts []types.T
	lt := types.T{}
	if n.l != nil {
		d, t, err := n.l.eval(c)
		if err != nil {
			return types.Null, types.T{}, err
		}
		vals, ts, lt = append(vals, d), append(ts, t), t
	}
	d, rt, err := n.r.eval(c)
	if err != nil {
		return types.Null, types.T{}, err
	}
	vals, ts = append(vals, d), append(ts, rt)
	r, err := ResolveOperator(n.op, lt, rt)
	if err != nil {
		return types.Null, types.T{}, err
	}
	want := []types.T{r.Right}
	if n.l != nil {
		want = []types.T{r.Left, r.Right}
	}
	args, err := callArgs(c, vals, ts, want)
	if err != nil {
		return types.Null, types.T{}, err
	}
	out, err := invoke(c, r.Op.Func, r.Call, args, nil)
	return out, r.Result, err
}

// evalSRF runs a set-returning call and prints its rows.
func evalSRF(c *Ctx, n node) ([]string, error) {
	call, ok := n.(*callNode)
	if !ok {
		return nil, fmt.Errorf("not a call")
	}
	vals, ts, err := evalArgs(c, call.args)
	if err != nil {
		return nil, err
	}
	r, err := ResolveFunc(call.name, ts, false)
	if err != nil {
		return nil, err
	}
	args, err := callArgs(c, vals, ts, r.ArgTypes)
	if err != nil {
		return nil, err
	}
	if r.VariadicAt >= 0 {
		args = r.Pack(args)
	}
	if r.Func.SRF == nil {
		d, err := invoke(c, r.Func, r.Call, args, nil)
		if err != nil {
			return nil, err
		}
		return []string{"= " + show(c, r.Result, d)}, nil
	}
	if r.Func.Strict {
		for _, a := range args {
			if a.Null {
				return nil, nil
			}
		}
	}
	rows, err := r.Func.SRF(c, args)
	if err != nil {
		return nil, err
	}
	var out []string
	for {
		row, ok, err := rows.Next(c)
		if err != nil {
			return append(out, errLine(err)), nil
		}
		if !ok {
			return out, nil
		}
		var cols []string
		for i, d := range row {
			t := r.Result
			if len(r.Func.Out) > 0 {
				t = types.Of(r.Func.Out[i].Type)
			}
			cols = append(cols, show(c, t, d))
		}
		out = append(out, "= "+strings.Join(cols, "|"))
	}
}
