package catalog

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"ringpg/backend/access/heap"
)

// maxIdentLen is the longest name PostgreSQL stores (NAMEDATALEN - 1).
const maxIdentLen = nameDataLen - 1

// clip cuts s to at most n bytes without splitting a UTF-8 character.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// makeObjectName builds name1_name2_label, shortening name1 and name2 (the
// longer first) until it fits in a name, as PostgreSQL names implicit
// objects.
func makeObjectName(name1, name2, label string) string {
	overhead := 0
	n1, n2 := len(name1), len(name2)
	if name2 != "" {
		overhead++
	}
	if label != "" {
		overhead += len(label) + 1
	}
	avail := maxIdentLen - overhead
	for n1+n2 > avail {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	var b strings.Builder
	b.WriteString(clip(name1, n1))
	if name2 != "" {
		b.WriteByte('_')
		b.WriteString(clip(name2, n2))
	}
	if label != "" {
		b.WriteByte('_')
		b.WriteString(label)
	}
	return b.String()
}

// chooseName returns the first of name1_name2_label, name1_name2_label1,
// name1_name2_label2, ... that taken does not report as used.
func chooseName(name1, name2, label string, taken func(string) (bool, error)) (string, error) {
	mod := label
	for pass := 1; ; pass++ {
		n := makeObjectName(name1, name2, mod)
		used, err := taken(n)
		if err != nil {
			return "", err
		}
		if !used {
			return n, nil
		}
		mod = label + strconv.Itoa(pass)
	}
}

// joinColumnNames is the name2 of an implicit name made from columns
// (ChooseIndexNameAddition): the names joined with '_', cut at a name's
// length.
func joinColumnNames(cols []string) string {
	var b strings.Builder
	for i, c := range cols {
		if i > 0 {
			b.WriteByte('_')
		}
		b.WriteString(c)
		if b.Len() >= maxIdentLen {
			break
		}
	}
	return clip(b.String(), maxIdentLen)
}

// ChooseRelationName returns PostgreSQL's implicit name for a relation
// made from name1, name2 and label (a serial column's sequence: table,
// column, "seq" gives t_a_seq): shortened to fit in a name, with a number
// after the label (t_a_seq1, ...) until no relation of schema ns that snap
// sees has it. Names taken earlier in the same command are not seen: the
// caller avoids handing out one twice.
func (c *Catalog) ChooseRelationName(snap heap.Snapshot, ns uint32, name1, name2, label string) (string, error) {
	return chooseName(name1, name2, label, func(s string) (bool, error) {
		oid, err := c.findRelationOid(snap, ns, s)
		return oid != 0, err
	})
}
