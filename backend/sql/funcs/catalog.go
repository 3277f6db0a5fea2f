package funcs

import (
	"ringpg/backend/sql/types"
)

// procRow is one pg_proc row of catalog_gen.go.
type procRow struct {
	oid      uint32
	name     string
	args     []uint32
	result   uint32
	variadic uint32
	strict   bool
	vol      byte
	kind     byte
	retset   bool
	ndefault int
	out      []Column
}

// operRow is one pg_operator row of catalog_gen.go.
type operRow struct {
	oid                 uint32
	name                string
	left, right, result uint32
	proc                uint32
	com, neg            string
}

// Polymorphic pseudo-types the types package does not list.
const (
	AnyNonArrayOid           types.Oid = 2776
	AnyCompatibleOid         types.Oid = 5077
	AnyCompatibleArrayOid    types.Oid = 5078
	AnyCompatibleNonArrayOid types.Oid = 5079
)

// pseudoNames are format_type's names for the pseudo-types above.
var pseudoNames = map[types.Oid]string{
	AnyNonArrayOid:           "anynonarray",
	AnyCompatibleOid:         "anycompatible",
	AnyCompatibleArrayOid:    "anycompatiblearray",
	AnyCompatibleNonArrayOid: "anycompatiblenonarray",
}

// typeName returns the type's name as PostgreSQL's format_type_be prints
// it in messages ("integer", "character varying", "unknown").
func typeName(oid types.Oid) string {
	if n, ok := pseudoNames[oid]; ok {
		return n
	}
	if i := types.Lookup(oid); i != nil {
		return i.Name
	}
	if st, ok := shadowTypes[oid]; ok {
		return st.name
	}
	return "???"
}

// typname returns pg_type.typname ("int4"), used to bind implementations.
func typname(oid types.Oid) string {
	if n, ok := pseudoNames[oid]; ok {
		return n
	}
	if i := types.Lookup(oid); i != nil {
		return i.Typname
	}
	return "?"
}

// category returns the type's typcategory.
func category(oid types.Oid) byte {
	if _, ok := pseudoNames[oid]; ok {
		return types.CatPseudo
	}
	if types.Lookup(oid) == nil {
		if st, ok := shadowTypes[oid]; ok {
			return st.cat
		}
	}
	return types.Category(oid)
}

// isPreferredIn reports whether oid is a preferred type of category cat
// (PostgreSQL's IsPreferredType).
func isPreferredIn(cat byte, oid types.Oid) bool {
	if category(oid) != cat {
		return false
	}
	if types.Lookup(oid) == nil {
		return shadowTypes[oid].pref
	}
	return types.IsPreferred(oid)
}

// elemType returns an array type's element type (0 when not an array),
// for shadow types too.
func elemType(oid types.Oid) types.Oid {
	if e := types.ElemType(oid); e != 0 {
		return e
	}
	if st, ok := shadowTypes[oid]; ok && st.cat == types.CatArray {
		return st.elem
	}
	return 0
}

// isArrayType reports whether oid is a true array type.
func isArrayType(oid types.Oid) bool { return elemType(oid) != 0 }

// Shadow catalog rows (shadow_gen.go): functions and operators over types
// the server does not have. They take part in overload resolution, so that
// a call is ambiguous or resolves exactly as in PostgreSQL, and choosing
// one is an error.
type shadowProc struct {
	oid      uint32
	name     string
	args     []uint32
	variadic uint32
	ndefault int
}

type shadowOper struct {
	name        string
	left, right uint32
}

type shadowType struct {
	cat  byte
	pref bool
	elem uint32
	name string
}

// implicitCasts holds pg_cast's implicit casts, keyed source<<32|target.
var implicitCasts = func() map[uint64]bool {
	m := make(map[uint64]bool, len(pgImplicitCasts))
	for _, c := range pgImplicitCasts {
		m[uint64(c[0])<<32|uint64(c[1])] = true
	}
	for _, c := range shadowCasts {
		m[uint64(c[0])<<32|uint64(c[1])] = true
	}
	return m
}()

// canCoerce reports whether a value of type from can be coerced implicitly
// to the non-polymorphic type to (PostgreSQL's can_coerce_type for one
// argument, COERCION_IMPLICIT).
func canCoerce(from, to types.Oid) bool {
	if from == to || from == types.UnknownOid || to == types.AnyOid {
		return true
	}
	if implicitCasts[uint64(from)<<32|uint64(to)] {
		return true
	}
	// An array coerces to another array when its elements do.
	// (not to int2vector and oidvector, which PostgreSQL leaves out).
	if fe, te := elemType(from), elemType(to); fe != 0 && te != 0 && to != types.OidVectorOid && to != types.Int2VectorOid {
		return fe != types.UnknownOid && canCoerce(fe, te)
	}
	// Any composite or array of them fits record and record[].
	if to == types.RecordOid && from == types.RecordOid {
		return true
	}
	return false
}

// isPolymorphic reports whether oid is one of the polymorphic pseudo-types.
func isPolymorphic(oid types.Oid) bool {
	switch oid {
	case types.AnyElementOid, types.AnyArrayOid, AnyNonArrayOid, types.AnyEnumOid,
		AnyCompatibleOid, AnyCompatibleArrayOid, AnyCompatibleNonArrayOid:
		return true
	}
	return false
}
