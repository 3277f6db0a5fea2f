package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/types"
)

// TestAddColumnMissing: a column added with a missing value keeps it in
// pg_attribute (atthasmissing, attmissingval as a one-element array of
// the column's type), the relation's descriptor hands it to Deform, and
// DropColumn, ClearMissing and an aborted ADD COLUMN take it away.
func TestAddColumnMissing(t *testing.T) {
	e := newEnv(t)
	m := e.create(RelationSpec{Namespace: PublicNamespace, Name: "m", Columns: []ColumnSpec{{Name: "a", Type: tInt4}}})
	old := m.Desc()
	tup, err := tuple.Form(old, [][]byte{tuple.Int32(1)}, []bool{false})
	if err != nil {
		t.Fatal(err)
	}
	text := types.AppendStored(nil, tText, types.String("dflt"))
	add := func(name string, typ types.T, v []byte) error {
		return e.do(func(tx *ftx, s *snap) error {
			_, err := e.cat.AddColumn(tx, s, m.Oid, ColumnSpec{Name: name, Type: typ, Missing: v})
			return err
		})
	}
	for _, c := range []struct {
		name string
		typ  types.T
		v    []byte
	}{{"b", tInt4, tuple.Int32(7)}, {"c", tText, text}, {"d", tInt4, nil}} {
		if err := add(c.name, c.typ, c.v); err != nil {
			t.Fatal(err)
		}
	}
	check := func(want ...[]byte) {
		t.Helper()
		d := e.rel("m").Desc()
		vals, nulls, err := tuple.Deform(d, tup)
		if err != nil {
			t.Fatal(err)
		}
		for i, w := range want {
			if (w == nil) != nulls[i] || !bytes.Equal(w, vals[i]) {
				t.Fatalf("attribute %d = %x (null %v), want %x", i+1, vals[i], nulls[i], w)
			}
		}
	}
	check(tuple.Int32(1), tuple.Int32(7), text, nil)
	// What pg_attribute holds, read back by a fresh load.
	var got []string
	err = e.cat.scan(e.read(), PgAttribute, func(r *crow) (bool, error) {
		if r.oid("attrelid") == m.Oid && r.int2("attnum") > 0 {
			a := readAtt(r)
			got = append(got, fmt.Sprintf("%s:%v:%v", a.name, r.bool("atthasmissing"), !r.isNull("attmissingval")))
		}
		return true, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(got, " "), "a:false:false b:true:true c:true:true d:false:false"; got != want {
		t.Fatalf("pg_attribute: %s, want %s", got, want)
	}
	// A wrong-sized value is refused.
	if err := add("e", tInt4, tuple.Int64(1)); err == nil {
		t.Fatal("an 8-byte missing value for an int4 column was accepted")
	}
	// An aborted ADD COLUMN leaves nothing behind.
	_ = e.inTxn(func(tx *ftx) error {
		_ = e.ddl(tx, func(s *snap) error {
			_, err := e.cat.AddColumn(tx, s, m.Oid, ColumnSpec{Name: "f", Type: tInt4, Missing: tuple.Int32(9)})
			return err
		})
		return errors.New("abort")
	})
	if n := e.rel("m").Desc().Natts(); n != 4 {
		t.Fatalf("after abort: %d attributes", n)
	}
	e.mustDo(func(tx *ftx, s *snap) error { return e.cat.DropColumn(tx, s, m.Oid, "c", false) })
	check(tuple.Int32(1), tuple.Int32(7), nil, nil)
	e.mustDo(func(tx *ftx, s *snap) error { return e.cat.ClearMissing(tx, s, m.Oid) })
	if e.rel("m").Desc().HasMissing() {
		t.Fatal("ClearMissing left a missing value")
	}
	check(tuple.Int32(1), nil, nil, nil)
}
