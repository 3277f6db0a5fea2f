package catalog

import (
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Types come from package types' registry: the bootstrap pg_type rows are
// its entries, and a column's length, alignment and storage are its
// type's.

type typeInfo = types.Info

// typeInfoOf returns the description of type oid, or nil.
func typeInfoOf(oid types.Oid) *typeInfo { return types.Lookup(oid) }

// allTypes returns the built-in types for the bootstrap pg_type rows, in
// oid order.
func allTypes() []*typeInfo {
	var out []*typeInfo
	for t := range types.All() {
		out = append(out, t)
	}
	return out
}

// attrOf returns the tuple attribute of a column of type t called name,
// with storage overriding the type's when non-zero.
func attrOf(name string, t types.Oid, storage byte) (tuple.Attr, error) {
	ti := typeInfoOf(t)
	if ti == nil || ti.Len < -1 || ti.Kind == types.KindPseudo && ti.Oid != types.AnyArrayOid {
		return tuple.Attr{}, pgerr.New(pgerr.UndefinedObject, "type with OID %d does not exist", t)
	}
	a := tuple.Attr{Name: name, Len: ti.Len, Align: ti.Align, ByVal: ti.ByVal}
	if ti.Len == -1 {
		a.Storage = ti.Storage
		if storage != 0 {
			a.Storage = storage
		}
	}
	return a, nil
}

// toastable reports whether a column of this attribute can be moved out
// of line, so that its table needs a toast relation.
func toastable(a tuple.Attr) bool {
	return a.Len == tuple.VarlenaLen && a.Storage != tuple.StoragePlain
}
