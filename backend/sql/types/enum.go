package types

import (
	"encoding/binary"
	"sync/atomic"

	"ringpg/backend/access/btree/keyenc"
	"ringpg/pgerr"
)

// Enum types (CREATE TYPE ... AS ENUM) are not built in: their pg_type and
// pg_enum rows live in the catalog, which this package does not import.
// The catalog's view of them reaches Lookup through a UserTypes source
// installed by the SQL engine (SetUserTypes); built-in oids never consult
// it, so the common paths cost nothing more.
//
// An enum value is a Datum with I the oid of its pg_enum row (what a heap
// tuple stores, 4 bytes as in PostgreSQL), F its enumsortorder and S its
// label. Every Datum of an enum type is built by enumValue from the type's
// Enum, so comparison (by sort order), hashing (by oid), index keys (the
// sort order as a float8 key) and output (the label) need no lookup.

// KindEnum is pg_type.typtype of an enum type.
const KindEnum byte = 'e'

// AnyEnumOid is the pseudo-type anyenum.
const AnyEnumOid Oid = 3500

// FirstNormalObjectID is the first oid handed out after bootstrap; types
// below it are built in.
const FirstNormalObjectID Oid = 16384

// EnumLabel is one pg_enum row.
type EnumLabel struct {
	Oid   Oid
	Sort  float32 // enumsortorder
	Label string
	// Uncommitted marks a label added by the running transaction to a
	// type created before it: PostgreSQL refuses to use it until commit
	// (55P04).
	Uncommitted bool
}

// Enum is the label list of an enum type, in sort order. It is immutable
// once built.
type Enum struct {
	Labels []EnumLabel
}

// byLabel returns the label named s, or nil.
func (e *Enum) byLabel(s string) *EnumLabel {
	for i := range e.Labels {
		if e.Labels[i].Label == s {
			return &e.Labels[i]
		}
	}
	return nil
}

// byOid returns the label whose pg_enum oid is oid, or nil.
func (e *Enum) byOid(oid Oid) *EnumLabel {
	for i := range e.Labels {
		if e.Labels[i].Oid == oid {
			return &e.Labels[i]
		}
	}
	return nil
}

// UserTypes is the catalog's view of the types created by SQL commands,
// for the statement running.
type UserTypes interface {
	// TypeInfo returns the description of type oid, or nil.
	TypeInfo(oid Oid) *Info
	// LookupType resolves a type name (schema "" searches the search
	// path); nil without error when there is none.
	LookupType(schema, name string) (*Info, error)
}

type userTypesBox struct{ u UserTypes }

// userTypes is the installed source (atomic: installed by the session
// that runs statements, read by every lookup of a non-built-in oid).
var userTypes atomic.Pointer[userTypesBox]

// SetUserTypes installs the source of user-defined types (nil removes it).
// A backend process serves one session at a time, whose engine installs
// itself; a process running several sessions at once shares one source.
func SetUserTypes(u UserTypes) {
	if u == nil {
		userTypes.Store(nil)
		return
	}
	userTypes.Store(&userTypesBox{u})
}

// lookupUser returns a user-defined type's description, or nil.
func lookupUser(oid Oid) *Info {
	if oid < FirstNormalObjectID {
		return nil
	}
	if b := userTypes.Load(); b != nil {
		return b.u.TypeInfo(oid)
	}
	return nil
}

// LookupUserType resolves a user-defined type's name; nil when there is
// none (or no source is installed).
func LookupUserType(schema, name string) (*Info, error) {
	if b := userTypes.Load(); b != nil {
		return b.u.LookupType(schema, name)
	}
	return nil, nil
}

// IsEnum reports whether oid is an enum type.
func IsEnum(oid Oid) bool {
	if oid < FirstNormalObjectID {
		return false
	}
	i := lookupUser(oid)
	return i != nil && i.Enum != nil
}

// EnumOf returns the labels of enum type oid, or nil.
func EnumOf(oid Oid) *Enum {
	if i := lookupUser(oid); i != nil {
		return i.Enum
	}
	return nil
}

// EnumDatum is the value of a label.
func EnumDatum(l *EnumLabel) Datum {
	return Datum{I: int64(l.Oid), F: float64(l.Sort), S: l.Label}
}

// enumIn is enum_in: the label, which must exist and be committed.
func enumIn(info *Info, s string) (Datum, error) {
	l := info.Enum.byLabel(s)
	if l == nil {
		if err := checkUTF8(s); err != nil {
			return Null, err
		}
		return Null, pgerr.New(pgerr.InvalidTextRepresentation, "invalid input value for enum %s: \"%s\"", info.Name, s)
	}
	if err := CheckEnumSafe(info, l); err != nil {
		return Null, err
	}
	return EnumDatum(l), nil
}

// CheckEnumSafe refuses a label added by the running transaction to a
// type that existed before it, as PostgreSQL does until the commit.
func CheckEnumSafe(info *Info, l *EnumLabel) error {
	if !l.Uncommitted {
		return nil
	}
	return pgerr.New("55P04", "unsafe use of new value \"%s\" of enum type %s", l.Label, info.Name).
		WithHint("New enum values must be committed before they can be used.")
}

// enumFromStored reads the 4-byte pg_enum oid a tuple holds.
func enumFromStored(info *Info, b []byte) (Datum, error) {
	oid := binary.LittleEndian.Uint32(b)
	l := info.Enum.byOid(oid)
	if l == nil {
		return Null, pgerr.New(pgerr.InvalidBinaryRepresentation, "invalid internal value for enum: %d", oid)
	}
	return EnumDatum(l), nil
}

// CompareEnum orders two values of one enum type by enumsortorder.
func CompareEnum(a, b Datum) int {
	switch {
	case a.F < b.F:
		return -1
	case a.F > b.F:
		return 1
	}
	return 0
}

// appendEnumKey is an enum's index key: its sort order, which never
// changes once a label exists (ALTER TYPE ... ADD VALUE picks a new one
// between its neighbours').
func appendEnumKey(dst []byte, d Datum, o keyenc.Order) []byte {
	return keyenc.AppendFloat8(dst, d.F, o)
}

// EnumTypeInfo builds the description of an enum type and of its array
// type from their catalog rows. name is how format_type prints the enum
// (schema-qualified when not visible).
func EnumTypeInfo(oid, arrayOid Oid, typname, name string, e *Enum) (enum, array *Info) {
	enum = &Info{
		Oid: oid, Name: name, Typname: typname, Kind: KindEnum, Len: 4, ByVal: true,
		Align: 'i', Storage: 'p', Category: CatEnum, Array: arrayOid, Delim: ',',
		Input: "enum_in", Output: "enum_out", Receive: "enum_recv", Send: "enum_send",
		TypmodIn: "-", TypmodOut: "-", Analyze: "-", Subscript: "-", Enum: e,
	}
	array = &Info{
		Oid: arrayOid, Name: name + "[]", Typname: "_" + typname, Kind: KindBase, Len: -1,
		Align: 'i', Storage: 'x', Category: CatArray, Elem: oid, Delim: ',',
		Input: "array_in", Output: "array_out", Receive: "array_recv", Send: "array_send",
		TypmodIn: "-", TypmodOut: "-", Analyze: "array_typanalyze", Subscript: "array_subscript_handler",
	}
	if len(array.Typname) > NameDataLen-1 {
		array.Typname = array.Typname[:NameDataLen-1]
	}
	return enum, array
}

// userTypeByName resolves a normalized name ("mood", "s.mood",
// `"S"."Mood"`) among the user-defined types; nil when there is none.
func userTypeByName(n string) (*Info, error) {
	if userTypes.Load() == nil {
		return nil, nil
	}
	var parts []string
	inQuote, start := false, 0
	for i := 0; i < len(n); i++ {
		switch n[i] {
		case '"':
			inQuote = !inQuote
		case '.':
			if !inQuote {
				parts = append(parts, n[start:i])
				start = i + 1
			}
		}
	}
	parts = append(parts, n[start:])
	if len(parts) > 2 {
		return nil, nil
	}
	for i, p := range parts {
		if len(p) >= 2 && p[0] == '"' && p[len(p)-1] == '"' {
			parts[i] = p[1 : len(p)-1]
		}
	}
	if len(parts) == 2 {
		return LookupUserType(parts[0], parts[1])
	}
	return LookupUserType("", parts[0])
}
