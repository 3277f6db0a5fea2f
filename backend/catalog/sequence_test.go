package catalog

import (
	"testing"

	"ringpg/backend/sql/types"
)

func (e *env) createSeq(spec SequenceSpec) *Relation {
	e.t.Helper()
	var r *Relation
	e.mustDo(func(tx *ftx, s *snap) error {
		var err error
		r, err = e.cat.CreateSequence(tx, s, spec)
		return err
	})
	return r
}

func int64p(v int64) *int64 { return &v }

func TestSequences(t *testing.T) {
	e := newEnv(t)
	sq := e.createSeq(SequenceSpec{Namespace: PublicNamespace, Name: "sq"})
	if got := describeRel(e.rel("sq")); got != "public.sq kind=S toast=false\n col 1 last_value 20 notnull=true default=\"\" dropped=false\n col 2 log_cnt 20 notnull=true default=\"\" dropped=false\n col 3 is_called 16 notnull=true default=\"\" dropped=false" {
		t.Fatal(got)
	}
	_, err := e.cat.CurrVal(e.read(), sq.Oid)
	wantErr(t, err, "55000", `currval of sequence "sq" is not yet defined in this session`, "", "")
	_, err = e.cat.LastVal(e.read())
	wantErr(t, err, "55000", "lastval is not yet defined in this session", "", "")
	next := func(oid uint32) int64 {
		t.Helper()
		v, err := e.cat.NextVal(e.read(), oid)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if a, b := next(sq.Oid), next(sq.Oid); a != 1 || b != 2 {
		t.Fatalf("nextval: %d %d", a, b)
	}
	// A nextval in a transaction that aborts is not rolled back.
	tx := e.tm.begin()
	if v, err := e.cat.NextVal(e.tm.snapshot(tx), sq.Oid); err != nil || v != 3 {
		t.Fatalf("nextval in transaction: %d %v", v, err)
	}
	tx.abort()
	e.cat.AtAbort()
	if v := next(sq.Oid); v != 4 {
		t.Fatalf("nextval after abort: %d", v)
	}
	if v, err := e.cat.CurrVal(e.read(), sq.Oid); err != nil || v != 4 {
		t.Fatalf("currval: %d %v", v, err)
	}
	// Another backend shares the value.
	other := e.second()
	_, err = other.CurrVal(e.read(), sq.Oid)
	wantErr(t, err, "55000", `currval of sequence "sq" is not yet defined in this session`, "", "")
	if v, err := other.NextVal(e.read(), sq.Oid); err != nil || v != 5 {
		t.Fatalf("nextval of another backend: %d %v", v, err)
	}

	// Bounds (recorded from PostgreSQL 15).
	s3 := e.createSeq(SequenceSpec{Namespace: PublicNamespace, Name: "s3", Type: types.Int4Oid, Start: int64p(2147483647)})
	if v := next(s3.Oid); v != 2147483647 {
		t.Fatal(v)
	}
	_, err = e.cat.NextVal(e.read(), s3.Oid)
	wantErr(t, err, "2200H", `nextval: reached maximum value of sequence "s3" (2147483647)`, "", "")
	if v, _ := e.cat.LastVal(e.read()); v != 2147483647 {
		t.Fatalf("lastval: %d", v)
	}
	s2 := e.createSeq(SequenceSpec{Namespace: PublicNamespace, Name: "s2", Max: int64p(2)})
	err = e.cat.SetVal(e.read(), s2.Oid, 5, true)
	wantErr(t, err, "22003", `setval: value 5 is out of bounds for sequence "s2" (1..2)`, "", "")
	if err := e.cat.SetVal(e.read(), s2.Oid, 2, false); err != nil {
		t.Fatal(err)
	}
	if v := next(s2.Oid); v != 2 {
		t.Fatal(v)
	}
	cyc := e.createSeq(SequenceSpec{Namespace: PublicNamespace, Name: "cyc", Increment: -1, Min: int64p(1), Max: int64p(2), Cycle: true})
	if a, b, c := next(cyc.Oid), next(cyc.Oid), next(cyc.Oid); a != 2 || b != 1 || c != 2 {
		t.Fatalf("cycle: %d %d %d", a, b, c)
	}
	for _, c := range []struct {
		spec SequenceSpec
		msg  string
	}{
		{SequenceSpec{Min: int64p(5), Max: int64p(3)}, "MINVALUE (5) must be less than MAXVALUE (3)"},
		{SequenceSpec{Start: int64p(0)}, "START value (0) cannot be less than MINVALUE (1)"},
		{SequenceSpec{Type: types.TextOid}, "sequence type must be smallint, integer, or bigint"},
		{SequenceSpec{Cache: -1}, "CACHE (-1) must be greater than zero"},
		{SequenceSpec{Type: types.Int2Oid, Max: int64p(40000)}, "MAXVALUE (40000) is out of range for sequence data type smallint"},
	} {
		c.spec.Namespace, c.spec.Name = PublicNamespace, "bad"
		err := e.do(func(tx *ftx, s *snap) error { _, err := e.cat.CreateSequence(tx, s, c.spec); return err })
		wantErr(t, err, "22023", c.msg, "", "")
	}

	// A default using a sequence blocks dropping it; a sequence owned by a
	// column goes with its table.
	g := e.create(RelationSpec{Namespace: PublicNamespace, Name: "g", Columns: []ColumnSpec{
		{Name: "x", Type: tInt4, Default: "nextval('sq'::regclass)", DependsOn: []uint32{sq.Oid}}}})
	err = e.do(func(tx *ftx, s *snap) error { _, err := e.cat.DropRelation(tx, s, sq.Oid, false); return err })
	wantErr(t, err, "2BP01", "cannot drop sequence sq because other objects depend on it",
		"default value for column x of table g depends on sequence sq", cascadeHint)
	owned := e.createSeq(SequenceSpec{Namespace: PublicNamespace, Name: "g_x_seq", OwnedByRel: g.Oid, OwnedByCol: 1})
	e.mustDo(func(tx *ftx, s *snap) error { _, err := e.cat.DropRelation(tx, s, g.Oid, false); return err })
	e.cat.BeginStatement()
	if _, err := e.cat.Relation(e.read(), owned.Oid); err == nil {
		t.Fatal("owned sequence survived its table")
	}
	e.mustDo(func(tx *ftx, s *snap) error { _, err := e.cat.DropRelation(tx, s, sq.Oid, false); return err })
}

func TestAlterSequence(t *testing.T) {
	e := newEnv(t)
	sq := e.createSeq(SequenceSpec{Namespace: PublicNamespace, Name: "sq"})
	next := func() int64 {
		t.Helper()
		e.cat.BeginStatement()
		v, err := e.cat.NextVal(e.read(), sq.Oid)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	next()
	inc, restart := int64(10), int64(100)
	e.mustDo(func(tx *ftx, s *snap) error {
		return e.cat.AlterSequence(tx, s, sq.Oid, SequenceAlter{Increment: &inc, Restart: &restart})
	})
	if a, b := next(), next(); a != 100 || b != 110 {
		t.Fatalf("after ALTER: %d %d", a, b)
	}
	zero, big := int64(0), int64(5000)
	err := e.do(func(tx *ftx, s *snap) error {
		return e.cat.AlterSequence(tx, s, sq.Oid, SequenceAlter{Increment: &zero})
	})
	wantErr(t, err, "22023", "INCREMENT must not be zero", "", "")
	max := int64(1000)
	err = e.do(func(tx *ftx, s *snap) error {
		return e.cat.AlterSequence(tx, s, sq.Oid, SequenceAlter{Max: &max, Restart: &big})
	})
	wantErr(t, err, "22023", "RESTART value (5000) cannot be greater than MAXVALUE (1000)", "", "")
	// An aborted ALTER leaves the parameters as they were.
	tx := e.tm.begin()
	if err := e.ddl(tx, func(s *snap) error { return e.cat.AlterSequence(tx, s, sq.Oid, SequenceAlter{Max: &max}) }); err != nil {
		t.Fatal(err)
	}
	tx.abort()
	e.cat.AtAbort()
	e.cat.BeginStatement()
	if p, err := e.cat.seqParamsFor(e.read(), sq.Oid); err != nil || p.max != 1<<63-1 || p.inc != 10 {
		t.Fatalf("after an aborted ALTER: %+v %v", p, err)
	}
}
