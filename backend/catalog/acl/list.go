package acl

import (
	"errors"
	"slices"
)

// ACL is an object's access control list, in its stored order.
type ACL []Item

// ErrDependent is REVOKE without CASCADE of a grant option that others'
// grants rest on (PostgreSQL's 2BP01 dependent privileges exist).
var ErrDependent = errors.New("dependent privileges exist")

// Parse reads a stored list (the text forms of its items).
func Parse(items []string) (ACL, error) {
	out := make(ACL, 0, len(items))
	for _, s := range items {
		it, err := ParseItem(s)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

// Strings is the list as stored.
func (a ACL) Strings() []string {
	out := make([]string, len(a))
	for i, it := range a {
		out[i] = it.String()
	}
	return out
}

// Default is the list an object of kind k owned by owner has while its
// acl column is NULL: PUBLIC's default privileges (if any) and then all of
// them for the owner, both granted by the owner.
func Default(k Kind, owner string) ACL {
	var a ACL
	if p := k.publicDefault(); p != 0 {
		a = append(a, Item{Grantee: "", Grantor: owner, Privs: p})
	}
	return append(a, Item{Grantee: owner, Grantor: owner, Privs: k.All()})
}

// OrDefault is the stored list, or the default when the column is NULL
// (stored is nil).
func OrDefault(stored []string, k Kind, owner string) (ACL, error) {
	if stored == nil {
		return Default(k, owner), nil
	}
	return Parse(stored)
}

// Grant adds privs (and options, a subset of them) to what grantor has
// given grantee, appending an item when grantor has given grantee nothing
// yet.
func (a ACL) Grant(grantee, grantor string, privs, options Mode) ACL {
	out := append(ACL(nil), a...)
	for i := range out {
		if out[i].Grantee == grantee && out[i].Grantor == grantor {
			out[i].Privs |= privs
			out[i].Options |= options & privs
			return out
		}
	}
	if privs == 0 {
		return out
	}
	return append(out, Item{Grantee: grantee, Grantor: grantor, Privs: privs, Options: options & privs})
}

// Revoke takes privs from what grantor has given grantee (only their
// grant options when optionOnly). Grants that grantee made on the strength
// of an option it loses go too when cascade is set; otherwise their
// existence is ErrDependent. Items left with no privilege are removed.
func (a ACL) Revoke(grantee, grantor string, privs Mode, optionOnly, cascade bool) (ACL, error) {
	out := append(ACL(nil), a...)
	lost := Mode(0)
	for i := range out {
		it := &out[i]
		if it.Grantee != grantee || it.Grantor != grantor {
			continue
		}
		lost = it.Options & privs
		it.Options &^= privs
		if !optionOnly {
			it.Privs &^= privs
		}
	}
	out = out.compact()
	if lost == 0 || grantee == "" {
		return out, nil
	}
	// The grantee may still hold the option from another grantor.
	for _, it := range out {
		if it.Grantee == grantee {
			lost &^= it.Options
		}
	}
	if lost == 0 {
		return out, nil
	}
	for _, it := range out {
		if it.Grantor == grantee && it.Grantee != grantee && it.Privs&lost != 0 {
			if !cascade {
				return nil, ErrDependent
			}
			var err error
			if out, err = out.Revoke(it.Grantee, grantee, lost, false, true); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// compact drops items that hold nothing.
func (a ACL) compact() ACL {
	out := a[:0]
	for _, it := range a {
		if it.Privs != 0 {
			out = append(out, it)
		}
	}
	return out
}

// Mask is the privileges of want held through the list by a role for
// which holds(grantee) reports true; PUBLIC's items count for everyone.
func (a ACL) Mask(holds func(grantee string) bool, want Mode) Mode {
	var m Mode
	for _, it := range a {
		if it.Privs&want == 0 {
			continue
		}
		if it.Grantee == "" || holds(it.Grantee) {
			m |= it.Privs & want
			if m == want {
				break
			}
		}
	}
	return m
}

// OptionMask is like Mask for grant options.
func (a ACL) OptionMask(holds func(grantee string) bool, want Mode) Mode {
	var m Mode
	for _, it := range a {
		if it.Options&want != 0 && (it.Grantee == "" || holds(it.Grantee)) {
			m |= it.Options & want
		}
	}
	return m
}

// RenameRole rewrites every mention of role from to to (ALTER ROLE
// RENAME).
func (a ACL) RenameRole(from, to string) ACL {
	out := append(ACL(nil), a...)
	for i := range out {
		if out[i].Grantee == from {
			out[i].Grantee = to
		}
		if out[i].Grantor == from {
			out[i].Grantor = to
		}
	}
	return out
}

// SameItems reports whether two lists hold the same items, in any order.
func (a ACL) SameItems(b ACL) bool {
	as, bs := a.Strings(), b.Strings()
	slices.Sort(as)
	slices.Sort(bs)
	return slices.Equal(as, bs)
}

// NewOwner is the list after the object passes from owner from to owner
// to: every mention of from becomes to, and two items that then have
// the same grantee and grantor become one (PostgreSQL's aclnewowner).
func (a ACL) NewOwner(from, to string) ACL {
	var out ACL
	for _, it := range a.RenameRole(from, to) {
		out = out.Grant(it.Grantee, it.Grantor, it.Privs, it.Options)
	}
	return out
}
