package types

import (
	"bytes"
	"encoding/hex"
	"testing"
)

// TestPgLsnBinaryCompareHash checks pg_lsn's binary form (8 bytes, big
// endian), that it orders unsigned, and that equal values hash alike.
func TestPgLsnBinaryCompareHash(t *testing.T) {
	typ := Of(PgLsnOid)
	for _, c := range []struct {
		text, send string
	}{
		{"0/0", "0000000000000000"},
		{"0/16B3748", "00000000016b3748"},
		{"1A/FF000028", "0000001aff000028"},
		{"FFFFFFFF/FFFFFFFF", "ffffffffffffffff"},
		{"80000000/0", "8000000000000000"},
	} {
		d, err := Input(typ, c.text, nil)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := hex.DecodeString(c.send)
		if got := AppendSend(nil, typ, d, nil); !bytes.Equal(got, want) {
			t.Errorf("send %s: got %x, want %s", c.text, got, c.send)
		}
		back, err := Recv(typ, want, nil)
		if err != nil || Output(typ, back, nil) != c.text {
			t.Errorf("recv %s: got %q, %v", c.send, Output(typ, back, nil), err)
		}
	}
	for _, b := range [][]byte{nil, make([]byte, 7)} {
		if _, err := Recv(typ, b, nil); pgerrCode(err) != "08P01" {
			t.Errorf("recv %d bytes: %v, want 08P01", len(b), err)
		}
	}
	if _, err := Recv(typ, make([]byte, 9), nil); pgerrCode(err) != "22P03" {
		t.Errorf("recv 9 bytes: %v, want 22P03", err)
	}

	ordered := []uint64{0, 1, 0xFFFFFFFF, 1 << 32, 1<<63 - 1, 1 << 63, 1<<64 - 1}
	for i, a := range ordered {
		for j, b := range ordered {
			want := cmpInt(int64(i), int64(j))
			if got := Compare(typ, LSN(a), LSN(b)); got != want {
				t.Errorf("Compare(%x, %x) = %d, want %d", a, b, got, want)
			}
			if Equal(typ, LSN(a), LSN(b)) != (i == j) {
				t.Errorf("Equal(%x, %x) wrong", a, b)
			}
		}
		if Hash(typ, LSN(a)) != Hash(typ, LSN(a)) {
			t.Errorf("Hash(%x) unstable", a)
		}
	}
	if Hash(typ, LSN(1)) == Hash(typ, LSN(2)) {
		t.Error("Hash(0/1) == Hash(0/2)")
	}
	if v, err := ParseLSN("1A/FF000028"); err != nil || v != 0x1AFF000028 {
		t.Errorf("ParseLSN: %x, %v", v, err)
	}
	if s := string(AppendLSN(nil, 0x1AFF000028)); s != "1A/FF000028" {
		t.Errorf("AppendLSN: %s", s)
	}
}
