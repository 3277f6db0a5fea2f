package main

import (
	"context"
	"strconv"
	"testing"
)

// TestEnumExtendedProtocol checks what drivers see of an enum type over
// the extended protocol: a parameter typed by its use is described with
// the enum's oid, values travel as label text in both formats, and a
// statement prepared before the type changes still binds.
func TestEnumExtendedProtocol(t *testing.T) {
	s := startServer(t, "")
	c := s.mustConnect()
	ctx := context.Background()
	exec := func(sql string) {
		t.Helper()
		if _, err := c.Exec(ctx, sql).ReadAll(); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	exec("CREATE TYPE xp_mood AS ENUM ('sad', 'ok', 'happy')")
	exec("CREATE TABLE xp_t (id int, m xp_mood)")
	r := c.ExecParams(ctx, "SELECT oid FROM pg_type WHERE typname = 'xp_mood'", nil, nil, nil, nil).Read()
	if r.Err != nil || len(r.Rows) != 1 {
		t.Fatalf("pg_type lookup: %v", r.Err)
	}
	oid64, _ := strconv.ParseUint(string(r.Rows[0][0]), 10, 32)
	oid := uint32(oid64)

	sd, err := c.Prepare(ctx, "ins", "INSERT INTO xp_t VALUES ($1, $2)", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sd.ParamOIDs) != 2 || sd.ParamOIDs[1] != oid {
		t.Fatalf("ParameterDescription %v, want the enum's oid %d second", sd.ParamOIDs, oid)
	}
	// Text and binary parameters (the binary form is the label's text).
	for i, p := range []struct {
		label  string
		format int16
	}{{"happy", 0}, {"sad", 1}, {"ok", 1}} {
		rr := c.ExecPrepared(ctx, "ins", [][]byte{[]byte(strconv.Itoa(i)), []byte(p.label)}, []int16{0, p.format}, nil).Read()
		if rr.Err != nil {
			t.Fatalf("insert %s: %v", p.label, rr.Err)
		}
	}
	rr := c.ExecPrepared(ctx, "ins", [][]byte{[]byte("9"), []byte("meh")}, nil, nil).Read()
	if rr.Err == nil {
		t.Fatal("an unknown label was accepted")
	}
	// Results in binary are the label text, ordered by sort order.
	res := c.ExecParams(ctx, "SELECT m FROM xp_t ORDER BY m", nil, nil, nil, []int16{1}).Read()
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if res.FieldDescriptions[0].DataTypeOID != oid {
		t.Errorf("RowDescription type %d, want %d", res.FieldDescriptions[0].DataTypeOID, oid)
	}
	var got []string
	for _, row := range res.Rows {
		got = append(got, string(row[0]))
	}
	if want := []string{"sad", "ok", "happy"}; len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("rows %q, want %q", got, want)
	}
	// A label added later is usable by the statement prepared before.
	exec("ALTER TYPE xp_mood ADD VALUE 'meh' BEFORE 'ok'")
	if rr := c.ExecPrepared(ctx, "ins", [][]byte{[]byte("9"), []byte("meh")}, nil, nil).Read(); rr.Err != nil {
		t.Fatalf("insert of a new label: %v", rr.Err)
	}
	res = c.ExecParams(ctx, "SELECT string_agg(m::text, ',' ORDER BY m) FROM xp_t", nil, nil, nil, nil).Read()
	if res.Err != nil || string(res.Rows[0][0]) != "sad,meh,ok,happy" {
		t.Errorf("order after ADD VALUE: %q, %v", res.Rows, res.Err)
	}
	// New sessions (possibly on the same backend) bind a cached plan's
	// enum literal before their first statement opens a transaction.
	for i := 0; i < 3; i++ {
		c2 := s.mustConnect()
		for j := 0; j < 2; j++ {
			res := c2.ExecParams(ctx, "SELECT count(*) FROM xp_t WHERE m = 'ok'", nil, nil, nil, nil).Read()
			if res.Err != nil || string(res.Rows[0][0]) != "1" {
				t.Fatalf("session %d, run %d: %q, %v", i, j, res.Rows, res.Err)
			}
			if _, err := c2.Exec(ctx, "SELECT count(*) FROM xp_t WHERE m = 'ok'").ReadAll(); err != nil {
				t.Fatalf("session %d, simple run %d: %v", i, j, err)
			}
		}
		c2.Close(ctx)
	}
}
