package types

import (
	"bufio"
	"encoding/json"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// testdata/jsonb.jsonl holds random JSON documents and PostgreSQL 15's
// jsonb output for them, one [input, output] pair per line.
func TestJSONBOutputMatchesPostgres(t *testing.T) {
	f, err := os.Open("testdata/jsonb.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		var pair [2]string
		if err := json.Unmarshal(sc.Bytes(), &pair); err != nil {
			t.Fatal(err)
		}
		n++
		if err := validateJSON(pair[0]); err != nil {
			t.Errorf("json %q: %v", pair[0], err)
		}
		j, err := ParseJSONB(pair[0])
		if err != nil {
			t.Errorf("jsonb %q: %v", pair[0], err)
			continue
		}
		if got := j.String(); got != pair[1] {
			t.Errorf("jsonb %q prints\n %s\nwant %s", pair[0], got, pair[1])
		}
		// The output reads back to an equal value with the same output.
		j2, err := ParseJSONB(pair[1])
		if err != nil || CompareJSONB(j, j2) != 0 || j2.String() != pair[1] {
			t.Errorf("jsonb %q does not read back: %v", pair[1], err)
		}
	}
	if n < 500 {
		t.Fatalf("only %d cases", n)
	}
}

// testdata/jsonb_order.list is the order PostgreSQL 15 sorts the documents
// of jsonb.jsonl in (ORDER BY doc::jsonb, line), as 0-based line numbers.
func TestJSONBOrderMatchesPostgres(t *testing.T) {
	f, err := os.Open("testdata/jsonb.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var docs []*JSONB
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var pair [2]string
		if err := json.Unmarshal(sc.Bytes(), &pair); err != nil {
			t.Fatal(err)
		}
		j, err := ParseJSONB(pair[0])
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, j)
	}
	order, err := os.ReadFile("testdata/jsonb_order.list")
	if err != nil {
		t.Fatal(err)
	}
	var want []int
	for _, f := range strings.Fields(string(order)) {
		n, _ := strconv.Atoi(f)
		want = append(want, n)
	}
	got := make([]int, len(docs))
	for i := range got {
		got[i] = i
	}
	sort.SliceStable(got, func(a, b int) bool { return CompareJSONB(docs[got[a]], docs[got[b]]) < 0 })
	if len(got) != len(want) {
		t.Fatalf("%d documents, %d in the order", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("position %d: %s, PostgreSQL has %s", i, docs[got[i]], docs[want[i]])
		}
	}
}
