package funcs

import (
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// canCoerceOne reports whether one input type reaches one declared type
// ignoring polymorphic consistency.
func canCoerceOne(in, decl types.Oid) bool {
	if in == decl || decl == types.AnyOid || isPolymorphic(decl) {
		return true
	}
	return canCoerce(in, decl)
}

// canCoerceAll is PostgreSQL's can_coerce_type for a whole argument list:
// every input reaches its declared type, and the polymorphic parameters can
// be bound consistently.
func canCoerceAll(in, decl []types.Oid) bool {
	poly := false
	for i := range in {
		if isPolymorphic(decl[i]) {
			poly = true
			continue
		}
		if !canCoerceOne(in[i], decl[i]) {
			return false
		}
	}
	if !poly {
		return true
	}
	_, err := bindFamilies(in, decl, true)
	return err == nil
}

// polyBinding is what the polymorphic parameters of a call are bound to.
type polyBinding struct {
	elem, array       types.Oid // anyelement family
	compat, compatArr types.Oid // anycompatible family
}

var errPolyMismatch = pgerr.New("42804", "polymorphic arguments do not match")

// bindFamilies binds anyelement/anyarray/anynonarray and the
// anycompatible family from the known inputs (check_generic_type_consistency
// when checkOnly, enforce_generic_type_consistency's deduction otherwise).
func bindFamilies(in, decl []types.Oid, checkOnly bool) (polyBinding, error) {
	var b polyBinding
	var compatTypes []types.Oid
	hasFamily1, hasCompat, nonArray, compatNonArray, isEnum := false, false, false, false, false
	for i, d := range decl {
		t := in[i]
		switch d {
		case types.AnyElementOid, AnyNonArrayOid, types.AnyEnumOid:
			hasFamily1 = true
			if d == AnyNonArrayOid {
				nonArray = true
			}
			if d == types.AnyEnumOid {
				isEnum = true
			}
			if t == types.UnknownOid {
				continue
			}
			if b.elem != 0 && b.elem != t {
				return b, errPolyMismatch
			}
			b.elem = t
		case types.AnyArrayOid:
			hasFamily1 = true
			if t == types.UnknownOid {
				continue
			}
			if b.array != 0 && b.array != t {
				return b, errPolyMismatch
			}
			b.array = t
		case AnyCompatibleOid, AnyCompatibleNonArrayOid:
			hasCompat = true
			if d == AnyCompatibleNonArrayOid {
				compatNonArray = true
			}
			if t != types.UnknownOid {
				compatTypes = append(compatTypes, t)
			}
		case AnyCompatibleArrayOid:
			hasCompat = true
			if t == types.UnknownOid {
				continue
			}
			e := types.ElemType(t)
			if e == 0 {
				return b, errPolyMismatch
			}
			compatTypes = append(compatTypes, e)
		}
	}
	if b.array != 0 {
		e := types.ElemType(b.array)
		if e == 0 {
			if checkOnly {
				return b, errPolyMismatch
			}
			return b, pgerr.New("42804", "argument declared %s is not an array but type %s", "anyarray", typeName(b.array))
		}
		if b.elem == 0 {
			b.elem = e
		} else if e != b.elem {
			if checkOnly {
				return b, errPolyMismatch
			}
			return b, pgerr.New("42804", "argument declared %s is not consistent with argument declared %s", "anyarray", "anyelement").
				WithDetail("%s versus %s", typeName(b.array), typeName(b.elem))
		}
	} else if b.elem != 0 {
		b.array = types.ArrayOf(b.elem)
	}
	if nonArray && b.elem != 0 && isArrayType(b.elem) {
		return b, errPolyMismatch
	}
	if isEnum && b.elem != 0 && !types.IsEnum(b.elem) {
		return b, errPolyMismatch
	}
	if hasFamily1 && b.elem == 0 && !checkOnly {
		return b, pgerr.New("42804", "could not determine polymorphic type because input has type unknown")
	}
	if hasCompat {
		if len(compatTypes) == 0 {
			b.compat = types.TextOid
		} else {
			c, ok := commonType(compatTypes)
			if !ok {
				return b, errPolyMismatch
			}
			b.compat = c
		}
		b.compatArr = types.ArrayOf(b.compat)
		if compatNonArray && isArrayType(b.compat) {
			return b, errPolyMismatch
		}
	}
	return b, nil
}

// commonType is PostgreSQL's select_common_type over known type oids: all
// of one category, the preferred or most general type, and every input
// coercible to it.
func commonType(ts []types.Oid) (types.Oid, bool) {
	p := ts[0]
	pcat := category(p)
	ppref := isPreferredIn(pcat, p)
	for _, n := range ts[1:] {
		if n == p {
			continue
		}
		if category(n) != pcat {
			return 0, false
		}
		if !ppref && canCoerce(p, n) && !canCoerce(n, p) {
			p, pcat = n, category(n)
			ppref = isPreferredIn(pcat, n)
		}
	}
	for _, n := range ts {
		if !canCoerce(n, p) {
			return 0, false
		}
	}
	return p, true
}

// bindPolymorphic computes the coercion target of every argument and the
// concrete result type for a chosen candidate.
func bindPolymorphic(decl []types.Oid, args []types.T, result types.Oid) ([]types.T, types.T, error) {
	in := make([]types.Oid, len(args))
	poly := isPolymorphic(result)
	for i, a := range args {
		in[i] = a.Oid
		if isPolymorphic(decl[i]) {
			poly = true
		}
	}
	var b polyBinding
	if poly {
		var err error
		if b, err = bindFamilies(in, decl, false); err != nil {
			return nil, types.T{}, err
		}
	}
	out := make([]types.T, len(args))
	for i, a := range args {
		d := b.concrete(decl[i])
		switch {
		case d == a.Oid:
			out[i] = a
		case d == types.AnyOid:
			out[i] = a
		default:
			out[i] = types.Of(d)
		}
	}
	r := b.concrete(result)
	if r == 0 {
		return nil, types.T{}, pgerr.New("42704", "could not find array type for data type %s", typeName(b.elem))
	}
	return out, types.Of(r), nil
}

// concrete maps a declared type to its bound type.
func (b polyBinding) concrete(d types.Oid) types.Oid {
	switch d {
	case types.AnyElementOid, AnyNonArrayOid, types.AnyEnumOid:
		return b.elem
	case types.AnyArrayOid:
		return b.array
	case AnyCompatibleOid, AnyCompatibleNonArrayOid:
		return b.compat
	case AnyCompatibleArrayOid:
		return b.compatArr
	}
	return d
}
