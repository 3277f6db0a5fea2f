package types

import "iter"

// Type kinds (pg_type.typtype).
const (
	KindBase      byte = 'b'
	KindComposite byte = 'c'
	KindPseudo    byte = 'p'
)

// Type categories (pg_type.typcategory).
const (
	CatArray     byte = 'A'
	CatBoolean   byte = 'B'
	CatComposite byte = 'C'
	CatDateTime  byte = 'D'
	CatNumeric   byte = 'N'
	CatPseudo    byte = 'P'
	CatString    byte = 'S'
	CatTimespan  byte = 'T'
	CatUser      byte = 'U'
	CatBitString byte = 'V'
	CatUnknown   byte = 'X'
	CatInternal  byte = 'Z'
	CatGeometric byte = 'G'
	CatNetwork   byte = 'I'
	CatEnum      byte = 'E'
	CatRange     byte = 'R'
)

// Collation oids that pg_type.typcollation names.
const (
	DefaultCollationOid Oid = 100
	CCollationOid       Oid = 950
)

// PgCatalogNamespace is the oid of schema pg_catalog, where every
// built-in type lives.
const PgCatalogNamespace Oid = 11

// Info describes one built-in type: its pg_type row and the names
// format_type prints. Infos are shared and read-only.
type Info struct {
	Oid       Oid
	Name      string // as format_type prints it without typmod: "integer", "character varying", "integer[]"
	Typname   string // pg_type.typname: "int4", "_int4"
	Kind      byte   // typtype: KindBase, KindPseudo, ...
	Len       int    // typlen: -1 varlena, -2 cstring, else fixed size
	ByVal     bool   // typbyval
	Align     byte   // typalign: 'c', 's', 'i', 'd'
	Storage   byte   // typstorage: 'p', 'e', 'm', 'x'
	Category  byte   // typcategory
	Preferred bool   // typispreferred
	Elem      Oid    // typelem: element type of an array (and of name/int2vector/oidvector)
	Array     Oid    // typarray: this type's array type, 0 if none
	Delim     byte   // typdelim
	Collation Oid    // typcollation: 0, or the default collation for collatable types

	Input, Output, Receive, Send string // typinput, typoutput, typreceive, typsend (regproc names)
	TypmodIn, TypmodOut          string // typmodin, typmodout, "-" when none
	Analyze, Subscript           string // typanalyze, typsubscript, "-" when none

	Enum *Enum // an enum type's labels (enum.go); nil for every other type
	// Domain describes a domain (domain.go); nil for every other type.
	Domain *Domain
}

// IsArray reports whether the type is a true array type x[] (not name,
// int2vector or oidvector, which also have an element type).
func (i *Info) IsArray() bool { return i.Elem != 0 && i.Len == -1 && i.Typname[0] == '_' }

// arrayLike reports the types stored and sent as arrays: x[], int2vector
// and oidvector.
func (i *Info) arrayLike() bool { return i.Elem != 0 && i.Len == -1 }

// Lookup returns the built-in type with the given oid, or nil.
func Lookup(oid Oid) *Info {
	if int(oid) < len(byOidDense) {
		return byOidDense[oid]
	}
	if i := byOidSparse[oid]; i != nil {
		return i
	}
	return lookupUser(oid)
}

// All yields every built-in type in oid order, for the catalog's pg_type
// rows.
func All() iter.Seq[*Info] {
	return func(yield func(*Info) bool) {
		for _, info := range allSorted {
			if !yield(info) {
				return
			}
		}
	}
}

// Category returns the type's typcategory, or CatUser for an unknown oid.
func Category(oid Oid) byte {
	if i := Lookup(oid); i != nil {
		return i.Category
	}
	return CatUser
}

// IsPreferred reports the type's typispreferred.
func IsPreferred(oid Oid) bool {
	if i := Lookup(oid); i != nil {
		return i.Preferred
	}
	return false
}

// ElemType returns the element type of an array type, or of int2vector
// and oidvector (which subscript like arrays, as get_element_type says);
// 0 for any other type.
func ElemType(oid Oid) Oid {
	if i := Lookup(oid); i != nil && i.arrayLike() {
		return i.Elem
	}
	return 0
}

// ArrayOf returns the array type of element type oid, 0 when there is none.
func ArrayOf(oid Oid) Oid {
	if i := Lookup(oid); i != nil {
		return i.Array
	}
	return 0
}
