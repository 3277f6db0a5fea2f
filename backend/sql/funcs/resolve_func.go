package funcs

import (
	"strings"
	"sync"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// candidate is one overload considered for a call, with its parameter list
// expanded to the call's argument count (variadic parameters repeated).
type candidate struct {
	f        *Func
	args     []types.Oid // one per actual argument
	variadic bool        // variadic parameter expanded
}

// candidatesLocked lists the overloads of name that accept nargs arguments
// (PostgreSQL's FuncnameGetCandidates); the caller holds reg's read lock.
func candidatesLocked(name string, nargs int, explicitVariadic bool) []candidate {
	var out []candidate
	all := reg.funcs[name]
	if sh := reg.shadowFuncs[name]; len(sh) > 0 {
		all = append(all[:len(all):len(all)], sh...)
	}
	for _, f := range all {
		np := len(f.Args)
		switch {
		case f.Variadic != 0 && !explicitVariadic && nargs >= np:
			// Expand VARIADIC: the last parameter's element type repeats.
			// VARIADIC "any" declares "any" both ways.
			args := make([]types.Oid, nargs)
			copy(args, f.Args[:np-1])
			for i := np - 1; i < nargs; i++ {
				args[i] = f.Variadic
			}
			out = append(out, candidate{f: f, args: args, variadic: f.Variadic != types.AnyOid})
			// A call with exactly np arguments may also pass the array
			// itself only with VARIADIC written; not considered here.
		case explicitVariadic && f.Variadic == 0:
			continue
		case nargs == np:
			out = append(out, candidate{f: f, args: f.Args})
		case nargs < np && nargs >= np-f.Defaults:
			out = append(out, candidate{f: f, args: f.Args[:nargs]})
		}
	}
	return dropShadowed(out)
}

// dropShadowed removes candidates whose expanded parameter list equals
// another's: a plain function beats a variadic expansion, and fewer
// defaulted parameters beat more, as PostgreSQL prefers.
func dropShadowed(cs []candidate) []candidate {
	if len(cs) < 2 {
		return cs
	}
	out := cs[:0:0]
	for i, c := range cs {
		keep := true
		for j, d := range cs {
			if i == j || !sameArgs(c.args, d.args) {
				continue
			}
			if c.variadic && !d.variadic || (c.variadic == d.variadic && len(c.f.Args) > len(d.f.Args)) ||
				(c.variadic == d.variadic && len(c.f.Args) == len(d.f.Args) && j < i) {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, c)
		}
	}
	return out
}

func resolveFunc(name string, args []types.T, explicitVariadic bool) (*Resolved, error) {
	build()
	reg.RLock()
	cands := candidatesLocked(name, len(args), explicitVariadic)
	reg.RUnlock()
	in := make([]types.Oid, len(args))
	for i, a := range args {
		in[i] = a.Oid
	}
	c, ambiguous := selectCandidate(cands, in)
	if c == nil {
		sig := funcSignature(name, in)
		if ambiguous {
			return nil, pgerr.New(codeAmbiguousFn, "function %s is not unique", sig).WithHint(hintNotUniqueFn)
		}
		return nil, pgerr.New(codeUndefinedFn, "function %s does not exist", sig).WithHint(hintNoFunc)
	}
	if c.f.shadow {
		return nil, notSupported("function " + funcSignature(name, c.f.Args))
	}
	argTypes, result, err := bindPolymorphic(c.args, args, c.f.Result)
	if err != nil {
		return nil, err
	}
	r := &Resolved{Func: c.f, ArgTypes: argTypes, Result: result, VariadicAt: -1}
	if c.f.Kind == KindFunc && !c.f.RetSet {
		if explicitVariadic && c.f.Variadic == types.AnyOid && c.f.Specialize != nil && len(args) > 0 {
			r.Call, err = spreadVariadic(c.f, argTypes, result)
		} else {
			r.Call, err = implFor(c.f, argTypes, result)
		}
		if err != nil {
			return nil, err
		}
		if c.f.Specialize != nil {
			// A per-call copy, so that Func.Call is the specialised one.
			g := *c.f
			g.Call = r.Call
			r.Func = &g
		}
	}
	if c.variadic {
		r.VariadicAt = len(c.f.Args) - 1
		r.VariadicElem = argTypes[r.VariadicAt]
		if r.VariadicAt >= len(args) {
			r.VariadicElem = types.Of(c.f.Variadic)
		}
	}
	return r, nil
}

// selectCandidate picks the candidate a call with input types in means:
// an exact match, else the only one reachable by implicit coercion, else
// PostgreSQL's heuristics. It returns nil, true when several remain.
func selectCandidate(cands []candidate, in []types.Oid) (*candidate, bool) {
	for i := range cands {
		if sameArgs(cands[i].args, in) {
			return &cands[i], false
		}
	}
	var ok []candidate
	for _, c := range cands {
		if canCoerceAll(in, c.args) {
			ok = append(ok, c)
		}
	}
	switch len(ok) {
	case 0:
		return nil, false
	case 1:
		return &ok[0], false
	}
	if c := chooseAmong(ok, in); c != nil {
		return c, false
	}
	return nil, true
}

// funcSignature renders "name(integer, unknown)" for messages.
func funcSignature(name string, in []types.Oid) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('(')
	for i, t := range in {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(typeName(t))
	}
	b.WriteByte(')')
	return b.String()
}

// notSupported is the error for choosing a function or operator the
// server does not implement.
func notSupported(what string) error {
	return pgerr.New(pgerr.FeatureNotSupported, "%s is not supported", what)
}

// spreadVariadic makes the implementation of a VARIADIC "any" function
// called with VARIADIC array: the array's elements become the trailing
// arguments, as PostgreSQL passes them.
func spreadVariadic(f *Func, argTypes []types.T, result types.T) (CallFunc, error) {
	last := len(argTypes) - 1
	elem := types.ElemType(argTypes[last].Oid)
	if elem == 0 {
		return nil, pgerr.New(codeDatatypeMismatch, "VARIADIC argument must be an array")
	}
	var mu sync.Mutex
	byCount := map[int]CallFunc{}
	return func(c *Ctx, a []types.Datum) (types.Datum, error) {
		var elems []types.Datum
		if !a[last].Null {
			elems = a[last].AsArray().Elems
		}
		n := last + len(elems)
		mu.Lock()
		call := byCount[n]
		mu.Unlock()
		if call == nil {
			ts := append([]types.T(nil), argTypes[:last]...)
			for range elems {
				ts = append(ts, types.Of(elem))
			}
			var err error
			if call, err = f.Specialize(ts, result); err != nil {
				return types.Datum{}, err
			}
			mu.Lock()
			byCount[n] = call
			mu.Unlock()
		}
		args := append(append(make([]types.Datum, 0, n), a[:last]...), elems...)
		return call(c, args)
	}, nil
}
