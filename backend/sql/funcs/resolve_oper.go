package funcs

import (
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

func resolveOperator(name string, left, right types.T) (*ResolvedOp, error) {
	build()
	prefix := left.Oid == 0
	reg.RLock()
	var cands []candidate
	var ops []*Operator
	all := reg.ops[name]
	if sh := reg.shadowOps[name]; len(sh) > 0 {
		all = append(all[:len(all):len(all)], sh...)
	}
	for _, op := range all {
		if op.Prefix() != prefix {
			continue
		}
		ops = append(ops, op)
		if prefix {
			cands = append(cands, candidate{args: []types.Oid{op.Right}})
		} else {
			cands = append(cands, candidate{args: []types.Oid{op.Left, op.Right}})
		}
	}
	reg.RUnlock()

	var in []types.Oid
	if prefix {
		in = []types.Oid{right.Oid}
	} else {
		in = []types.Oid{left.Oid, right.Oid}
	}
	pick := func(c *candidate) *Operator {
		for i := range cands {
			if &cands[i] == c {
				return ops[i]
			}
		}
		for i := range cands {
			if sameArgs(cands[i].args, c.args) {
				return ops[i]
			}
		}
		return nil
	}

	// An exact match, also when one operand is an unknown literal that
	// takes the other's type.
	exact := in
	if !prefix {
		l, r := in[0], in[1]
		if l == types.UnknownOid && r != types.UnknownOid {
			l = r
		} else if r == types.UnknownOid && l != types.UnknownOid {
			r = l
		}
		exact = []types.Oid{l, r}
	}
	var op *Operator
	for i := range cands {
		if sameArgs(cands[i].args, exact) {
			op = ops[i]
			break
		}
	}
	if op == nil {
		c, ambiguous := selectCandidate(cands, in)
		if c == nil {
			return nil, operError(name, left, right, prefix, ambiguous)
		}
		op = pick(c)
	}

	if op.Func.shadow {
		if prefix {
			return nil, notSupported("operator " + name + " " + typeName(op.Right))
		}
		return nil, notSupported("operator " + typeName(op.Left) + " " + name + " " + typeName(op.Right))
	}
	var args []types.T
	var decl []types.Oid
	if prefix {
		args, decl = []types.T{right}, []types.Oid{op.Right}
	} else {
		args, decl = []types.T{left, right}, []types.Oid{op.Left, op.Right}
	}
	at, res, err := bindPolymorphic(decl, args, op.Result)
	if err != nil {
		return nil, err
	}
	r := &ResolvedOp{Op: op, Result: res}
	if r.Call, err = implFor(op.Func, at, res); err != nil {
		return nil, err
	}
	if op.Func.Specialize != nil {
		g := *op.Func
		g.Call = r.Call
		o := *op
		o.Func = &g
		r.Op = &o
	}
	if prefix {
		r.Right = at[0]
	} else {
		r.Left, r.Right = at[0], at[1]
	}
	return r, nil
}

// operError builds PostgreSQL's "operator does not exist" or "operator is
// not unique" error.
func operError(name string, left, right types.T, prefix, ambiguous bool) error {
	var sig string
	if prefix {
		sig = name + " " + typeName(right.Oid)
	} else {
		sig = typeName(left.Oid) + " " + name + " " + typeName(right.Oid)
	}
	if ambiguous {
		return pgerr.New(codeAmbiguousFn, "operator is not unique: %s", sig).WithHint(hintNotUniqueOp)
	}
	if prefix {
		return pgerr.New(codeUndefinedFn, "operator does not exist: %s", sig).WithHint(hintNoPrefixOper)
	}
	return pgerr.New(codeUndefinedFn, "operator does not exist: %s", sig).WithHint(hintNoOper)
}
