package funcs

import (
	"iter"
	"sort"
	"sync"
)

// The registry: every Func by name and every Operator by name. Built-ins
// are added at init; Register and RegisterOperator may add more at start-up.
var reg = struct {
	sync.RWMutex
	funcs map[string][]*Func     // by lower-case name
	ops   map[string][]*Operator // by operator name
	byOid map[uint32]*Func
	// Resolution-only entries over types the server does not have.
	shadowFuncs map[string][]*Func
	shadowOps   map[string][]*Operator
}{
	shadowFuncs: map[string][]*Func{},
	shadowOps:   map[string][]*Operator{},
	funcs:       map[string][]*Func{},
	ops:         map[string][]*Operator{},
	byOid:       map[uint32]*Func{},
}

// Register adds f to the registry. A function with the same name and
// argument types replaces the earlier one (so the integrator may override a
// built-in). f must not be modified afterwards.
func Register(f *Func) {
	build()
	reg.Lock()
	defer reg.Unlock()
	registerLocked(f)
}

// registerLocked adds f; the caller holds reg's write lock.
func registerLocked(f *Func) {
	list := reg.funcs[f.Name]
	for i, g := range list {
		if sameArgs(g.Args, f.Args) && g.Variadic == f.Variadic {
			if f.Oid == 0 {
				f.Oid = g.Oid // an implementation of a listed pg_proc row keeps its oid
			}
			list[i] = f
			if f.Oid != 0 {
				reg.byOid[f.Oid] = f
			}
			return
		}
	}
	reg.funcs[f.Name] = append(list, f)
	if f.Oid != 0 {
		reg.byOid[f.Oid] = f
	}
}

// RegisterOperator adds op to the registry, replacing an operator with the
// same name and operand types. op must not be modified afterwards.
func RegisterOperator(op *Operator) {
	build()
	reg.Lock()
	defer reg.Unlock()
	registerOperatorLocked(op)
}

// registerOperatorLocked adds op; the caller holds reg's write lock.
func registerOperatorLocked(op *Operator) {
	list := reg.ops[op.Name]
	for i, o := range list {
		if o.Left == op.Left && o.Right == op.Right {
			list[i] = op
			return
		}
	}
	reg.ops[op.Name] = append(list, op)
}

func sameArgs(a, b []uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Lookup returns the registered functions named name (every overload), for
// callers that resolve by other rules (a catalog's regproc input).
func Lookup(name string) []*Func {
	build()
	reg.RLock()
	defer reg.RUnlock()
	return append([]*Func(nil), reg.funcs[name]...)
}

// ByOid returns the function with pg_proc oid oid, or nil.
func ByOid(oid uint32) *Func {
	build()
	reg.RLock()
	defer reg.RUnlock()
	return reg.byOid[oid]
}

// Funcs yields every registered function in oid order (functions the
// integrator registered without an oid come last), for pg_proc.
func Funcs() iter.Seq[*Func] {
	build()
	reg.RLock()
	var all []*Func
	for _, list := range reg.funcs {
		all = append(all, list...)
	}
	reg.RUnlock()
	sort.Slice(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if (a.Oid == 0) != (b.Oid == 0) {
			return b.Oid == 0
		}
		if a.Oid != b.Oid {
			return a.Oid < b.Oid
		}
		return a.Name < b.Name
	})
	return func(yield func(*Func) bool) {
		for _, f := range all {
			if !yield(f) {
				return
			}
		}
	}
}

// Operators yields every registered operator in oid order, for pg_operator.
func Operators() iter.Seq[*Operator] {
	build()
	reg.RLock()
	var all []*Operator
	for _, list := range reg.ops {
		all = append(all, list...)
	}
	reg.RUnlock()
	sort.Slice(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if (a.Oid == 0) != (b.Oid == 0) {
			return b.Oid == 0
		}
		if a.Oid != b.Oid {
			return a.Oid < b.Oid
		}
		return a.Name < b.Name
	})
	return func(yield func(*Operator) bool) {
		for _, op := range all {
			if !yield(op) {
				return
			}
		}
	}
}

// Load builds the built-in registry now rather than on first use (about
// 10 ms): a pooled backend calls it before it serves its first client.
func Load() { build() }
