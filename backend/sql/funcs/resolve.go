package funcs

import (
	"ringpg/backend/sql/types"
)

// ResolveFunc chooses the overload of function name that a call with
// arguments of types args means, following PostgreSQL's rules
// (func_get_detail and func_select_candidate): an exact match; else the
// candidates every argument can reach by implicit coercion, narrowed by
// exact matches, by preferred types and by the categories unknown
// literals suggest; polymorphic parameters bound consistently. An
// argument of type unknown (an untyped literal) may become any type.
//
// explicitVariadic says the call wrote VARIADIC before its last argument,
// which then is the variadic array itself.
//
// It fails with 42883 "function name(types) does not exist" or 42725
// "function name(types) is not unique", with PostgreSQL's hints. Whether
// an aggregate or window function may appear where the call is, is the
// caller's business (Func.Kind).
func ResolveFunc(name string, args []types.T, explicitVariadic bool) (*Resolved, error) {
	return resolveFunc(name, args, explicitVariadic)
}

// ResolveOperator chooses the operator name for operands of types left and
// right (left.Oid == 0 for a prefix operator), following PostgreSQL's
// oper_select_candidate: an exact match; one unknown operand taking the
// other's type; then the candidates reachable by implicit coercion,
// narrowed as for functions. It fails with 42883 "operator does not exist:
// integer + text" or 42725 "operator is not unique: ...", with
// PostgreSQL's hints.
func ResolveOperator(name string, left, right types.T) (*ResolvedOp, error) {
	return resolveOperator(name, left, right)
}

// Hints PostgreSQL attaches to resolution failures.
const (
	hintNoFunc      = "No function matches the given name and argument types. You might need to add explicit type casts."
	hintNotUniqueFn = "Could not choose a best candidate function. You might need to add explicit type casts."
	hintNoOper      = "No operator matches the given name and argument types. You might need to add explicit type casts."
	// hintNoPrefixOper is the hint for a prefix operator, whose one
	// argument PostgreSQL names in the singular.
	hintNoPrefixOper = "No operator matches the given name and argument type. You might need to add an explicit type cast."
	hintNotUniqueOp  = "Could not choose a best candidate operator. You might need to add explicit type casts."
	codeUndefinedFn  = "42883"
	codeAmbiguousFn  = "42725"
)

// HasExact reports whether function name has an overload whose declared
// argument types are exactly args (no coercion, no polymorphism). The
// analyzer needs it for PostgreSQL's order of interpretation of name(x):
// an exact match first, then a function-style cast when name is a type
// name, and only then ResolveFunc's coercion rules.
func HasExact(name string, args []types.T) bool {
	build()
	reg.RLock()
	defer reg.RUnlock()
	for _, f := range reg.funcs[name] {
		if len(f.Args) != len(args) {
			continue
		}
		same := true
		for i, a := range args {
			if f.Args[i] != a.Oid {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}
