// Package acl is PostgreSQL's access control lists: the privilege bits of
// an aclitem, its text form ("alice=arw*/bob"), the default list an object
// has while its acl column is NULL, GRANT and REVOKE as edits of a list,
// and the mask of privileges a role holds through a list.
//
// The package is pure: it reads no catalog. Grantees and grantors are role
// names, as the catalog stores them (the aclitem[] columns are text[] of
// aclitems' text forms); "" is PUBLIC. Which roles a role acts for is the
// caller's to say (Holder).
package acl

import (
	"fmt"
	"strings"
)

// Mode is a set of privileges, one bit each, in PostgreSQL's order.
type Mode uint16

// The privileges, in the order their letters are printed.
const (
	Insert     Mode = 1 << iota // a
	Select                      // r
	Update                      // w
	Delete                      // d
	Truncate                    // D
	References                  // x
	Trigger                     // t
	Execute                     // X
	Usage                       // U
	Create                      // C
	Temporary                   // T
	Connect                     // c
	nModes     = iota
)

// letters are the privileges' letters by bit.
const letters = "arwdDxtXUCTc"

// Names are the privileges as GRANT spells them, by bit.
var names = [nModes]string{"INSERT", "SELECT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER",
	"EXECUTE", "USAGE", "CREATE", "TEMPORARY", "CONNECT"}

// String is the mode's letters, as in an aclitem with no grant options.
func (m Mode) String() string {
	var b strings.Builder
	for i := 0; i < nModes; i++ {
		if m&(1<<i) != 0 {
			b.WriteByte(letters[i])
		}
	}
	return b.String()
}

// ParseName returns the privilege GRANT calls name (lower case; "temp"
// is TEMPORARY), and false when there is none.
func ParseName(name string) (Mode, bool) {
	u := strings.ToUpper(name)
	if u == "TEMP" {
		return Temporary, true
	}
	for i, n := range names {
		if n == u {
			return 1 << i, true
		}
	}
	return 0, false
}

// ParseMode parses privilege letters ("arwd"); ok is false on any other
// character.
func ParseMode(s string) (Mode, bool) {
	var m Mode
	for i := 0; i < len(s); i++ {
		j := strings.IndexByte(letters, s[i])
		if j < 0 {
			return 0, false
		}
		m |= 1 << j
	}
	return m, true
}

// Kind is the kind of object a list belongs to: it decides which
// privileges exist and the default list.
type Kind uint8

const (
	Table Kind = iota // tables and views
	Sequence
	Database
	Schema
	Function
	Language
	Type
	Tablespace
)

// All is every privilege an object of kind k can have (ALL PRIVILEGES).
func (k Kind) All() Mode {
	switch k {
	case Table:
		return Insert | Select | Update | Delete | Truncate | References | Trigger
	case Sequence:
		return Select | Update | Usage
	case Database:
		return Create | Temporary | Connect
	case Schema:
		return Usage | Create
	case Function:
		return Execute
	case Language, Type:
		return Usage
	case Tablespace:
		return Create
	}
	return 0
}

// publicDefault is what PUBLIC holds on an object of kind k whose list is
// NULL.
func (k Kind) publicDefault() Mode {
	switch k {
	case Database:
		return Temporary | Connect
	case Function:
		return Execute
	case Language, Type:
		return Usage
	}
	return 0
}

// Item is one aclitem: what Grantee ("" for PUBLIC) holds, given by
// Grantor; Options are the privileges it may grant on (a subset of Privs).
type Item struct {
	Grantee, Grantor string
	Privs, Options   Mode
}

// String is the item's text form, PostgreSQL's aclitemout.
func (it Item) String() string {
	var b strings.Builder
	writeName(&b, it.Grantee)
	b.WriteByte('=')
	for i := 0; i < nModes; i++ {
		bit := Mode(1) << i
		if it.Privs&bit != 0 {
			b.WriteByte(letters[i])
			if it.Options&bit != 0 {
				b.WriteByte('*')
			}
		}
	}
	b.WriteByte('/')
	writeName(&b, it.Grantor)
	return b.String()
}

// writeName writes a role name, double-quoted when it has characters
// other than letters, digits and underscores (as aclitemout does).
func writeName(b *strings.Builder, name string) {
	plain := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80) {
			plain = false
			break
		}
	}
	if plain {
		b.WriteString(name)
		return
	}
	b.WriteByte('"')
	b.WriteString(strings.ReplaceAll(name, `"`, `""`))
	b.WriteByte('"')
}

// ParseItem parses an aclitem's text form.
func ParseItem(s string) (Item, error) {
	var it Item
	grantee, rest, err := readName(s)
	if err != nil {
		return it, err
	}
	if rest == "" || rest[0] != '=' {
		return it, fmt.Errorf("missing \"=\" sign in aclitem %q", s)
	}
	rest = rest[1:]
	it.Grantee = grantee
	for rest != "" && rest[0] != '/' {
		j := strings.IndexByte(letters, rest[0])
		if j < 0 {
			return it, fmt.Errorf("invalid mode character %q in aclitem %q", rest[0], s)
		}
		it.Privs |= 1 << j
		rest = rest[1:]
		if rest != "" && rest[0] == '*' {
			it.Options |= 1 << j
			rest = rest[1:]
		}
	}
	if rest == "" {
		return it, fmt.Errorf("a name must follow the \"/\" sign in aclitem %q", s)
	}
	it.Grantor, rest, err = readName(rest[1:])
	if err != nil {
		return it, err
	}
	if rest != "" {
		return it, fmt.Errorf("extra garbage at the end of the ACL specification %q", s)
	}
	return it, nil
}

// readName reads a possibly quoted role name up to '=' or '/'.
func readName(s string) (name, rest string, err error) {
	if s == "" || s[0] != '"' {
		i := strings.IndexAny(s, "=/")
		if i < 0 {
			return s, "", nil
		}
		return s[:i], s[i:], nil
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		if s[i] != '"' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '"' {
			b.WriteByte('"')
			i++
			continue
		}
		return b.String(), s[i+1:], nil
	}
	return "", "", fmt.Errorf("unterminated name in aclitem %q", s)
}

// Name is a single privilege's name as GRANT spells it ("" for a set of
// several or none).
func (m Mode) Name() string {
	for i := 0; i < nModes; i++ {
		if m == 1<<i {
			return names[i]
		}
	}
	return ""
}
