package types

// Domains (CREATE DOMAIN) are user types over a base type: their values
// are the base type's values, and expressions carry the base type (as
// PostgreSQL resolves functions and operators on a domain's base type);
// only the catalog (pg_attribute, pg_type) keeps the domain's oid. What
// this package knows of a domain is its description for the analyser:
// the base type and the constraints a value cast or stored to it must
// satisfy, which package plan compiles.

// KindDomain is pg_type.typtype of a domain.
const KindDomain byte = 'd'

// Domain describes a domain type: Info.Domain of a type whose Kind is
// KindDomain. It is immutable once built.
type Domain struct {
	Base    T      // the base type with the domain's typmod (typbasetype, typtypmod)
	NotNull bool   // typnotnull
	Default string // typdefault as SQL text, "" for none
	Checks  []DomainCheck
}

// DomainCheck is one CHECK constraint of a domain: Expr is SQL text over
// the column "value", the value checked.
type DomainCheck struct {
	Name string
	Expr string
}

// DomainOf returns the description of domain type oid, or nil when oid
// is not a domain.
func DomainOf(oid Oid) *Domain {
	if oid < FirstNormalObjectID {
		return nil
	}
	if i := lookupUser(oid); i != nil {
		return i.Domain
	}
	return nil
}

// DomainTypeInfo builds the description of a domain from its base type's:
// stored as the base type is, printed by format_type as name.
func DomainTypeInfo(oid Oid, typname, name string, base *Info, d *Domain) *Info {
	return &Info{
		Oid: oid, Name: name, Typname: typname, Kind: KindDomain, Len: base.Len, ByVal: base.ByVal,
		Align: base.Align, Storage: base.Storage, Category: base.Category, Delim: base.Delim,
		Collation: base.Collation, Input: "domain_in", Output: base.Output, Receive: "domain_recv",
		Send: base.Send, TypmodIn: "-", TypmodOut: "-", Analyze: "-", Subscript: "-", Domain: d,
	}
}
