package types

import (
	"ringpg/pgerr"
)

// CastContext is the context in which a cast may be applied
// (pg_cast.castcontext), ordered so that a stronger context allows every
// weaker one: implicit < assignment < explicit.
type CastContext byte

// The cast contexts.
const (
	CastImplicit   CastContext = 'i'
	CastAssignment CastContext = 'a'
	CastExplicit   CastContext = 'e'
)

func (c CastContext) rank() int {
	switch c {
	case CastImplicit:
		return 1
	case CastAssignment:
		return 2
	case CastExplicit:
		return 3
	}
	return 0
}

// Allows reports whether a cast of context c may be applied where ctx is
// the context of the coercion (a CastExplicit coercion allows every cast).
func (c CastContext) Allows(ctx CastContext) bool { return c.rank() <= ctx.rank() }

type castRow struct {
	context CastContext
	method  byte
}

// CastPath returns the context of the cheapest cast from one built-in
// type to another, as PostgreSQL's find_coercion_pathway finds it: the
// same type (implicit), a pg_cast row, an unknown literal (implicit), the
// automatic I/O conversions (anything to text, varchar or character:
// assignment; text types to anything: explicit) and array casts, which
// take their element cast's context. ok is false when there is no cast.
func CastPath(from, to Oid) (CastContext, bool) {
	if from == to {
		return CastImplicit, true
	}
	if r, ok := pgCasts[[2]Oid{from, to}]; ok {
		return r.context, true
	}
	if from == UnknownOid {
		return CastImplicit, true
	}
	fi, ti := Lookup(from), Lookup(to)
	if fi == nil || ti == nil {
		return 0, false
	}
	if to == RecordOid && fi.Kind == KindComposite {
		return CastImplicit, true
	}
	if fi.arrayLike() && ti.IsArray() {
		if fi.Oid == Int2VectorOid || fi.Oid == OidVectorOid {
			// int2vector and oidvector cast to their element's array type
			// as binary-compatible, and through array_in/array_out to any
			// other.
			if ti.Elem == fi.Elem {
				return CastImplicit, true
			}
		}
		if ctx, ok := CastPath(fi.Elem, ti.Elem); ok {
			return ctx, true
		}
		return 0, false
	}
	if isStringType(to) && (fi.Kind != KindPseudo || from == AnyArrayOid || from == RecordOid) {
		// (anyarray: pg_attribute.attmissingval::text, as PostgreSQL.)
		return CastAssignment, true
	}
	if isStringType(from) && ti.Kind != KindPseudo {
		return CastExplicit, true
	}
	return 0, false
}

// isStringType reports the types of the string category that the
// automatic I/O conversion casts go to and from.
func isStringType(oid Oid) bool {
	switch oid {
	case TextOid, VarcharOid, BPCharOid, NameOid:
		return true
	}
	return false
}

// CanCoerce reports whether a value of type from may be coerced to type to
// in context ctx. Beyond CastPath it accepts the polymorphic targets: any
// and anyelement take every type, anyarray every array type.
func CanCoerce(from, to Oid, ctx CastContext) bool {
	switch to {
	case AnyOid, AnyElementOid:
		return true
	case AnyArrayOid:
		info := Lookup(from)
		return from == UnknownOid || info != nil && info.arrayLike()
	}
	c, ok := CastPath(from, to)
	return ok && c.Allows(ctx)
}

// cannotCast is the error for a cast that does not exist.
func cannotCast(from, to T) error {
	return pgerr.New(codeCannotCoerce, "cannot cast type %s to %s", FormatType(from), FormatType(to))
}
