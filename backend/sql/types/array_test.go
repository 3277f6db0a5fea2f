package types

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

// testdata/textarrays.jsonl holds random text[] values (as JSON arrays of
// strings and nulls) and PostgreSQL 15's output for them.
func TestTextArrayOutputMatchesPostgres(t *testing.T) {
	f, err := os.Open("testdata/textarrays.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		var pair []json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &pair); err != nil || len(pair) != 2 {
			t.Fatalf("line %d: %v", n+1, err)
		}
		var elems []*string
		var want string
		if err := json.Unmarshal(pair[0], &elems); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(pair[1], &want); err != nil {
			t.Fatal(err)
		}
		n++
		ds := make([]Datum, len(elems))
		for i, e := range elems {
			if e == nil {
				ds[i] = Null
			} else {
				ds[i] = String(*e)
			}
		}
		typ := Of(TextArrayOid)
		a := ArrayDatum(NewArray(TextOid, ds))
		if got := Output(typ, a, nil); got != want {
			t.Errorf("line %d: output %s, want %s", n, got, want)
			continue
		}
		back, err := Input(typ, want, nil)
		if err != nil {
			t.Errorf("line %d: %s does not read back: %v", n, want, err)
			continue
		}
		if Compare(typ, back, a) != 0 {
			t.Errorf("line %d: %s reads back as %s", n, want, Output(typ, back, nil))
		}
	}
	if n < 300 {
		t.Fatalf("only %d cases", n)
	}
}

func TestInconsistentArrayPrints(t *testing.T) {
	a := &Array{Elem: Int4Oid, Dims: []ArrayDim{{Len: 5, Lower: 1}}, Elems: []Datum{Int(1), Int(2)}}
	if got := Output(Of(Int4ArrayOid), ArrayDatum(a), nil); got != "{1,2}" {
		t.Errorf("got %s", got)
	}
}
