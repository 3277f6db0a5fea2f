package types

// btreeFamily groups the types whose default B-tree operator classes
// share an operator family, so that equality between any two of them
// exists without a cast (PostgreSQL's integer_ops, float_ops,
// datetime_ops, text_ops).
func btreeFamily(o Oid) int {
	switch o {
	case Int2Oid, Int4Oid, Int8Oid:
		return 1
	case Float4Oid, Float8Oid:
		return 2
	case DateOid, TimestampOid, TimestampTZOid:
		return 3
	case TextOid, NameOid, VarcharOid:
		return 4
	}
	return 0
}

// ForeignKeyCompatible reports whether a foreign key column of type fk
// can reference a key column of type pk: an equality operator of the
// referenced key's operator family takes both (the same family), or fk
// converts to pk implicitly. Otherwise PostgreSQL refuses the foreign
// key ("cannot be implemented").
func ForeignKeyCompatible(fk, pk Oid) bool {
	if pk == VarcharOid {
		pk = TextOid // varchar's B-tree operator class is text's
	}
	if f := btreeFamily(pk); f != 0 && f == btreeFamily(fk) {
		return true
	}
	return CanCoerce(fk, pk, CastImplicit)
}
