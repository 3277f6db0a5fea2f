package funcs

import (
	"strings"
	"sync"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// A binding attaches an implementation to a pg_proc row named by proname
// and argument typnames ("int4pl", "int4,int4"). Files of this package
// declare their bindings in init functions; the registry is built from
// them on first use, after every init has run.
type binding struct {
	name, sig string
	fill      func(f *Func)
}

var (
	bindings    []binding
	buildOnce   sync.Once
	bindMissing []string // bindings with no pg_proc row: a bug, reported by a test
)

// def binds a scalar implementation.
func def(name, sig string, call CallFunc) {
	bindings = append(bindings, binding{name, sig, func(f *Func) { f.Call = call }})
}

// defPrep binds a scalar implementation with a constant-argument specialiser.
func defPrep(name, sig string, call CallFunc, prep func([]types.Datum, []bool) (CallFunc, error)) {
	bindings = append(bindings, binding{name, sig, func(f *Func) { f.Call = call; f.Prepare = prep }})
}

// defSpec binds a type-specialised implementation.
func defSpec(name, sig string, spec func(argTypes []types.T, result types.T) (CallFunc, error)) {
	bindings = append(bindings, binding{name, sig, func(f *Func) { f.Specialize = spec }})
}

// defSRF binds a set-returning implementation.
func defSRF(name, sig string, srf func(c *Ctx, args []types.Datum) (Rows, error)) {
	bindings = append(bindings, binding{name, sig, func(f *Func) { f.SRF = srf }})
}

// defRecordFn binds a function returning record, run in FROM with a column
// definition list; called elsewhere it fails as PostgreSQL's does.
func defRecordFn(name, sig string, srf func(c *Ctx, args []types.Datum, cols []Column, typs []types.T) (Rows, error)) {
	bindings = append(bindings, binding{name, sig, func(f *Func) {
		f.RecordSRF = srf
		noRowType := func(*Ctx, []types.Datum) error {
			return pgerr.New(pgerr.FeatureNotSupported, "could not determine row type for result of %s", name).
				WithHint("Provide a non-null record argument, or call the function in the FROM clause using a column definition list.")
		}
		if f.RetSet {
			f.SRF = func(c *Ctx, a []types.Datum) (Rows, error) { return nil, noRowType(c, a) }
		} else {
			f.Call = func(c *Ctx, a []types.Datum) (types.Datum, error) { return types.Datum{}, noRowType(c, a) }
		}
	}})
}

// defAgg binds an aggregate.
func defAgg(name, sig string, agg *Agg) {
	bindings = append(bindings, binding{name, sig, func(f *Func) { f.Agg = agg }})
}

// defWin binds a window function.
func defWin(name, sig string, win *Win) {
	bindings = append(bindings, binding{name, sig, func(f *Func) { f.Win = win }})
}

// procKey is the binding key of a pg_proc row.
func procKey(name string, args []uint32) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('(')
	for i, a := range args {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(typname(a))
	}
	b.WriteByte(')')
	return b.String()
}

// build registers every bound built-in and the operators over them.
func build() {
	buildOnce.Do(func() {
		rows := make(map[string]*procRow, len(pgProcs))
		for i := range pgProcs {
			r := &pgProcs[i]
			rows[procKey(r.name, r.args)] = r
		}
		reg.Lock()
		defer reg.Unlock()
		for _, b := range bindings {
			r := rows[b.name+"("+b.sig+")"]
			if r == nil {
				bindMissing = append(bindMissing, b.name+"("+b.sig+")")
				continue
			}
			f := reg.byOid[r.oid]
			if f == nil {
				f = newFunc(r)
				registerLocked(f)
			}
			b.fill(f)
		}
		for i := range pgProcs {
			r := &pgProcs[i]
			if reg.byOid[r.oid] != nil {
				continue
			}
			call := castImpl(r)
			if call == nil {
				call = cmpFamilyImpl(r)
			}
			if call != nil {
				f := newFunc(r)
				f.Call = call
				registerLocked(f)
			}
		}
		byOid := make(map[uint32]*procRow, len(pgProcs))
		for i := range pgProcs {
			byOid[pgProcs[i].oid] = &pgProcs[i]
		}
		for i := range pgOperators {
			o := &pgOperators[i]
			f := reg.byOid[o.proc]
			if f == nil && byOid[o.proc] != nil {
				if call := autoImpl(o); call != nil {
					f = newFunc(byOid[o.proc])
					f.Call = call
					registerLocked(f)
				}
			}
			if f == nil {
				continue
			}
			registerOperatorLocked(&Operator{Oid: o.oid, Name: o.name, Left: o.left, Right: o.right,
				Result: o.result, Func: f, Commutator: o.com, Negator: o.neg})
		}
		for i := range shadowProcs {
			r := &shadowProcs[i]
			reg.shadowFuncs[r.name] = append(reg.shadowFuncs[r.name], &Func{Oid: r.oid, Name: r.name,
				Args: r.args, Variadic: r.variadic, Defaults: r.ndefault, Kind: KindFunc, shadow: true})
		}
		for i := range shadowOperators {
			o := &shadowOperators[i]
			reg.shadowOps[o.name] = append(reg.shadowOps[o.name], &Operator{Name: o.name, Left: o.left, Right: o.right,
				Func: &Func{Name: o.name, shadow: true}})
		}
		// Operators over known types whose functions are not implemented
		// still take part in resolution.
		for i := range pgOperators {
			o := &pgOperators[i]
			if reg.byOid[o.proc] == nil {
				reg.shadowOps[o.name] = append(reg.shadowOps[o.name], &Operator{Oid: o.oid, Name: o.name, Left: o.left,
					Right: o.right, Result: o.result, Func: &Func{Name: o.name, shadow: true}})
			}
		}
		for i := range pgProcs {
			r := &pgProcs[i]
			if reg.byOid[r.oid] == nil {
				f := newFunc(r)
				f.shadow = true
				reg.shadowFuncs[r.name] = append(reg.shadowFuncs[r.name], f)
			}
		}
		registerEnumsLocked()
	})
}

// newFunc makes the Func of a pg_proc row, without implementation.
func newFunc(r *procRow) *Func {
	return &Func{Oid: r.oid, Name: r.name, Args: r.args, Variadic: r.variadic,
		Result: r.result, RetSet: r.retset, Out: r.out, Strict: r.strict,
		Volatility: r.vol, Kind: r.kind, Defaults: r.ndefault}
}
