package types

import (
	"bytes"
	"testing"
)

// TestSystemIDInput checks tid, xid and cid text input and output against
// what PostgreSQL 15's tidin/tidout, xidin/xidout and cidin/cidout give.
func TestSystemIDInput(t *testing.T) {
	cases := []struct {
		typ  Oid
		in   string
		out  string // "" means a 22P02 syntax error
		code string
	}{
		{TidOid, "(0,1)", "(0,1)", ""},
		{TidOid, "(4294967295,65535)", "(4294967295,65535)", ""},
		{TidOid, "(-1,0)", "(4294967295,0)", ""},
		{TidOid, "( 3, 4)", "(3,4)", ""},
		{TidOid, "( 1 , 2 )", "", "22P02"},
		{TidOid, "(1,2", "", "22P02"},
		{TidOid, "(1,-1)", "", "22P02"},
		{TidOid, "(1,65536)", "", "22P02"},
		{TidOid, "(4294967296,1)", "", "22P02"},
		{TidOid, "(-2147483649,1)", "", "22P02"},
		{TidOid, "", "", "22P02"},
		{XidOid, "5", "5", ""},
		{XidOid, " 12 ", "12", ""},
		{XidOid, "4294967295", "4294967295", ""},
		{XidOid, "4294967296", "0", ""},
		{XidOid, "-1", "4294967295", ""},
		{XidOid, "-5", "4294967291", ""},
		{XidOid, "0x1f", "31", ""},
		{XidOid, "0X1F", "31", ""},
		{XidOid, "010", "8", ""},
		{XidOid, "09", "0", ""},
		{XidOid, "12abc", "12", ""},
		{XidOid, "abc", "0", ""},
		{XidOid, "", "0", ""},
		{XidOid, "99999999999999999999999", "4294967295", ""},
		{CidOid, "7", "7", ""},
		{CidOid, "010", "8", ""},
		{CidOid, "+3", "3", ""},
	}
	for _, c := range cases {
		d, err := Input(Of(c.typ), c.in, nil)
		if c.out == "" {
			if err == nil || pgerrCode(err) != c.code {
				t.Errorf("Input(%d, %q) = %v, %v; want SQLSTATE %s", c.typ, c.in, d, err, c.code)
			}
			continue
		}
		if err != nil {
			t.Errorf("Input(%d, %q): %v", c.typ, c.in, err)
			continue
		}
		if got := Output(Of(c.typ), d, nil); got != c.out {
			t.Errorf("Input(%d, %q) prints %q, want %q", c.typ, c.in, got, c.out)
		}
	}
}

// TestSystemIDBinary checks the send and receive forms: tid is a 4-byte
// block and a 2-byte offset, xid and cid 4 bytes, all big-endian.
func TestSystemIDBinary(t *testing.T) {
	cases := []struct {
		typ  Oid
		text string
		wire []byte
	}{
		{TidOid, "(0,1)", []byte{0, 0, 0, 0, 0, 1}},
		{TidOid, "(4294967295,65535)", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}},
		{TidOid, "(258,3)", []byte{0, 0, 1, 2, 0, 3}},
		{XidOid, "4294967295", []byte{0xff, 0xff, 0xff, 0xff}},
		{XidOid, "1", []byte{0, 0, 0, 1}},
		{CidOid, "258", []byte{0, 0, 1, 2}},
	}
	for _, c := range cases {
		d, err := Input(Of(c.typ), c.text, nil)
		if err != nil {
			t.Fatalf("Input(%d, %q): %v", c.typ, c.text, err)
		}
		if got := AppendSend(nil, Of(c.typ), d, nil); !bytes.Equal(got, c.wire) {
			t.Errorf("send %d %q = %x, want %x", c.typ, c.text, got, c.wire)
		}
		r, err := Recv(Of(c.typ), c.wire, nil)
		if err != nil {
			t.Fatalf("Recv(%d, %x): %v", c.typ, c.wire, err)
		}
		if got := Output(Of(c.typ), r, nil); got != c.text {
			t.Errorf("Recv(%d, %x) prints %q, want %q", c.typ, c.wire, got, c.text)
		}
		if _, err := Recv(Of(c.typ), c.wire[1:], nil); err == nil {
			t.Errorf("Recv(%d) of %d bytes succeeded", c.typ, len(c.wire)-1)
		}
	}
}

// TestTidOrder checks that tids order by block, then offset, as tidcmp.
func TestTidOrder(t *testing.T) {
	order := []string{"(0,1)", "(0,2)", "(0,65535)", "(1,0)", "(1,1)", "(4294967295,0)", "(4294967295,65535)"}
	tid := Of(TidOid)
	for i := range order {
		for j := range order {
			a, _ := Input(tid, order[i], nil)
			b, _ := Input(tid, order[j], nil)
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if got := Compare(tid, a, b); sign(got) != want {
				t.Errorf("Compare(%s, %s) = %d, want %d", order[i], order[j], got, want)
			}
			if Equal(tid, a, b) != (i == j) {
				t.Errorf("Equal(%s, %s) = %v", order[i], order[j], !(i == j))
			}
		}
	}
}

func sign(x int) int {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}
