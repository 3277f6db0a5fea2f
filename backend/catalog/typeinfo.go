package catalog

import (
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// typeInfo is what the catalog needs of a type: its pg_type row.
type typeInfo struct {
	Oid                          uint32
	Typname                      string
	Len                          int
	ByVal                        bool
	Kind                         byte
	Category                     byte
	Preferred                    bool
	Delim                        byte
	Elem, Array                  uint32
	Input, Output, Receive, Send string
	TypmodIn, TypmodOut          string
	Analyze, Subscript           string
	Align, Storage               byte
	Collation                    uint32
}

var typeByOid = func() map[uint32]*typeInfo {
	m := make(map[uint32]*typeInfo, len(builtinTypeTable))
	for i := range builtinTypeTable {
		m[builtinTypeTable[i].Oid] = &builtinTypeTable[i]
	}
	return m
}()

// typeInfoOf returns the description of type oid, or nil.
func typeInfoOf(oid types.Oid) *typeInfo { return typeByOid[oid] }

// allTypes returns the built-in types for the bootstrap pg_type rows, in
// oid order.
func allTypes() []*typeInfo {
	out := make([]*typeInfo, len(builtinTypeTable))
	for i := range builtinTypeTable {
		out[i] = &builtinTypeTable[i]
	}
	return out
}

// attrOf returns the tuple attribute of a column of type t called name,
// with storage overriding the type's when non-zero.
func attrOf(name string, t types.Oid, storage byte) (tuple.Attr, error) {
	ti := typeInfoOf(t)
	if ti == nil {
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
