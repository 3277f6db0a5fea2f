package types

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// testdata/floats.psv holds random numbers with PostgreSQL 15's float8 and
// float4 output for them (extra_float_digits 1; "skip" where the value is
// out of float4's normal range).
func TestFloatOutputMatchesPostgres(t *testing.T) {
	f, err := os.Open("testdata/floats.psv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "|")
		if len(parts) != 3 {
			continue
		}
		n++
		d, err := Input(Of(Float8Oid), parts[0], nil)
		if err != nil {
			t.Errorf("float8 %q: %v", parts[0], err)
			continue
		}
		if got := Output(Of(Float8Oid), d, nil); got != parts[1] {
			t.Errorf("float8 %q prints %q, want %q", parts[0], got, parts[1])
		}
		if parts[2] == "skip" {
			continue
		}
		d, err = Input(Of(Float4Oid), parts[0], nil)
		if err != nil {
			t.Errorf("float4 %q: %v", parts[0], err)
			continue
		}
		if got := Output(Of(Float4Oid), d, nil); got != parts[2] {
			t.Errorf("float4 %q prints %q, want %q", parts[0], got, parts[2])
		}
	}
	if n < 1000 {
		t.Fatalf("only %d cases", n)
	}
}
