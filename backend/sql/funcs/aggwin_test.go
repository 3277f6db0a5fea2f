package funcs

import (
	"fmt"
	"sort"
	"strings"

	"ringpg/backend/sql/types"
)

// Aggregate and window cases:
//
//	> agg NAME(T1, T2) : (v, v), (v, v)
//	> win NAME(T1) : (k, v), (k, v)
//
// An aggregate sees the rows in order; a window function runs over one
// partition ordered by the integer key k (the default frame).

type aggCase struct {
	name   string
	types  []types.T
	tnames []string
	star   bool
	rows   [][]node
	rowSQL []string
}

func parseAggCase(expr string) (*aggCase, error) {
	expr = expr[4:]
	open := strings.IndexByte(expr, '(')
	cl := strings.IndexByte(expr, ')')
	colon := strings.Index(expr, " : ")
	if open < 0 || cl < open || colon < cl {
		return nil, fmt.Errorf("bad case")
	}
	c := &aggCase{name: strings.TrimSpace(expr[:open])}
	sig := strings.TrimSpace(expr[open+1 : cl])
	switch sig {
	case "*":
		c.star = true
	case "":
	default:
		for _, tn := range strings.Split(sig, ",") {
			tn = strings.TrimSpace(tn)
			t, err := types.ParseTypeName(tn)
			if err != nil {
				return nil, err
			}
			c.types = append(c.types, t)
			c.tnames = append(c.tnames, tn)
		}
	}
	rest := expr[colon+3:]
	p := &exprParser{src: rest}
	for {
		p.skip()
		if p.pos >= len(p.src) {
			break
		}
		if p.src[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.src[p.pos] != '(' {
			return nil, fmt.Errorf("expected (")
		}
		start := p.pos
		p.pos++
		var row []node
		for {
			x, err := p.expr()
			if err != nil {
				return nil, err
			}
			row = append(row, x)
			p.skip()
			if p.src[p.pos] == ',' {
				p.pos++
				continue
			}
			if p.src[p.pos] == ')' {
				p.pos++
				break
			}
			return nil, fmt.Errorf("expected , or )")
		}
		c.rows = append(c.rows, row)
		c.rowSQL = append(c.rowSQL, p.src[start:p.pos])
	}
	return c, nil
}

// aggSQL renders an aggregate or window case for PostgreSQL.
func aggSQL(expr string) string {
	win := strings.HasPrefix(expr, "win ")
	c, err := parseAggCase(expr)
	if err != nil {
		return "SELECT 'bad case'"
	}
	var cols, args []string
	if win {
		cols = append(cols, "k")
	}
	for i := range c.types {
		args = append(args, fmt.Sprintf("c%d", i+1))
	}
	cols = append(cols, args...)
	if c.star {
		cols = append(cols, "c1")
	}
	// Cast every value of a row to its column's type.
	var rows []string
	for _, r := range c.rowSQL {
		inner := r[1 : len(r)-1]
		parts := splitTop(inner)
		for i := range parts {
			ti := i
			if win {
				ti--
			}
			if ti >= 0 && ti < len(c.tnames) {
				parts[i] = "(" + strings.TrimSpace(parts[i]) + ")::" + c.tnames[ti]
			} else if win && i == 0 {
				parts[i] = "(" + strings.TrimSpace(parts[i]) + ")::int4"
			}
		}
		rows = append(rows, "("+strings.Join(parts, ", ")+")")
	}
	where := ""
	if len(rows) == 0 {
		var nulls []string
		for range cols {
			nulls = append(nulls, "NULL")
		}
		for i := range c.tnames {
			nulls[len(nulls)-len(c.tnames)+i] = "NULL::" + c.tnames[i]
		}
		rows = []string{"(" + strings.Join(nulls, ", ") + ")"}
		where = " WHERE false"
	}
	call := c.name + "(" + strings.Join(args, ", ") + ")"
	if c.star {
		call = c.name + "(*)"
	}
	from := " FROM (VALUES " + strings.Join(rows, ", ") + ") v(" + strings.Join(cols, ", ") + ")" + where
	if win {
		return "SELECT " + call + " OVER (ORDER BY k) FROM" + from[5:] + " ORDER BY k"
	}
	return "SELECT " + call + from
}

// splitTop splits at commas outside quotes and parentheses.
func splitTop(s string) []string {
	var out []string
	depth, q, start := 0, false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'':
			q = !q
		case q:
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ',' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// rowValues evaluates a case row, casting values to the argument types.
func (ac *aggCase) rowValues(c *Ctx, row []node, skip int) ([]types.Datum, error) {
	var out []types.Datum
	for i, n := range row {
		if i < skip {
			continue
		}
		ti := i - skip
		if ti >= len(ac.types) {
			continue
		}
		d, _, err := (&castNode{x: n, t: ac.types[ti]}).eval(c)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func runAgg(c *Ctx, expr string) []string {
	ac, err := parseAggCase(expr)
	if err != nil {
		return []string{"! PARSE " + err.Error()}
	}
	r, err := ResolveFunc(ac.name, ac.types, false)
	if err != nil {
		return []string{errLine(err)}
	}
	if r.Func.Agg == nil {
		return []string{"! XX000 not an aggregate"}
	}
	st := r.Func.Agg.New(c, r.ArgTypes, r.Result)
	for _, row := range ac.rows {
		vals, err := ac.rowValues(c, row, 0)
		if err != nil {
			return []string{errLine(err)}
		}
		if err := st.Add(vals); err != nil {
			return []string{errLine(err)}
		}
	}
	d, err := st.Result()
	if err != nil {
		return []string{errLine(err)}
	}
	return []string{"= " + show(c, r.Result, d)}
}

// testPartition is a partition ordered by an integer key, default frame.
type testPartition struct {
	keys []int64
	args [][]types.Datum
	cur  int
}

func (p *testPartition) Rows() int    { return len(p.keys) }
func (p *testPartition) Current() int { return p.cur }
func (p *testPartition) Peers() (int, int) {
	s, e := p.cur, p.cur+1
	for s > 0 && p.keys[s-1] == p.keys[p.cur] {
		s--
	}
	for e < len(p.keys) && p.keys[e] == p.keys[p.cur] {
		e++
	}
	return s, e
}
func (p *testPartition) Frame() (int, int) {
	_, e := p.Peers()
	return 0, e
}
func (p *testPartition) InFrame(row int) bool { _, e := p.Peers(); return row < e }
func (p *testPartition) Arg(i, row int) (types.Datum, error) {
	if row < 0 || row >= len(p.args) || i >= len(p.args[row]) {
		return types.Null, nil
	}
	return p.args[row][i], nil
}

func runWin(c *Ctx, expr string) []string {
	ac, err := parseAggCase(expr)
	if err != nil {
		return []string{"! PARSE " + err.Error()}
	}
	r, err := ResolveFunc(ac.name, ac.types, false)
	if err != nil {
		return []string{errLine(err)}
	}
	p := &testPartition{}
	type kv struct {
		k    int64
		args []types.Datum
	}
	var rows []kv
	for _, row := range ac.rows {
		k, _, err := (&castNode{x: row[0], t: types.Of(types.Int4Oid)}).eval(c)
		if err != nil {
			return []string{errLine(err)}
		}
		vals, err := ac.rowValues(c, row, 1)
		if err != nil {
			return []string{errLine(err)}
		}
		args, err := callArgs(c, vals, ac.types, r.ArgTypes)
		if err != nil {
			return []string{errLine(err)}
		}
		rows = append(rows, kv{k.I, args})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].k < rows[j].k })
	for _, r := range rows {
		p.keys = append(p.keys, r.k)
		p.args = append(p.args, r.args)
	}
	var out []string
	for i := range rows {
		p.cur = i
		var d types.Datum
		switch {
		case r.Func.Win != nil:
			d, err = r.Func.Win.Call(c, p)
		case r.Func.Agg != nil:
			st := r.Func.Agg.New(c, r.ArgTypes, r.Result)
			s, e := p.Frame()
			for j := s; j < e && err == nil; j++ {
				err = st.Add(p.args[j])
			}
			if err == nil {
				d, err = st.Result()
			}
		}
		if err != nil {
			return append(out, errLine(err))
		}
		out = append(out, "= "+show(c, r.Result, d))
	}
	return out
}

func (p *testPartition) NumArgs() int {
	if len(p.args) == 0 {
		return 0
	}
	return len(p.args[0])
}
