package spill

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

func TestTempFileLimit(t *testing.T) {
	m := NewManager(filepath.Join(t.TempDir(), DirName), 42)
	m.SetLimit(1)
	f, err := m.Create()
	if err != nil {
		t.Fatal(err)
	}
	row := []types.Datum{types.String("0123456789abcdef0123456789abcdef")}
	for i := 0; ; i++ {
		err = f.Write(row)
		if err != nil {
			break
		}
		if i > 1000 {
			t.Fatal("temp_file_limit of 1kB never hit")
		}
	}
	var pe *pgerr.Error
	if !errors.As(err, &pe) || pe.Code != "53400" || pe.Message != "temporary file size exceeds temp_file_limit (1kB)" {
		t.Fatalf("got %v", err)
	}
	f.Close()
	if m.Used() != 0 {
		t.Fatalf("%d bytes still counted after close", m.Used())
	}
	if ents, _ := os.ReadDir(m.Dir()); len(ents) != 0 {
		t.Fatalf("files left: %v", ents)
	}
}

func TestRemoveFiles(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"pgsql_tmp7.0", "pgsql_tmp7.1", "pgsql_tmp8.0", "other"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	names := func() (s []string) {
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			s = append(s, e.Name())
		}
		return s
	}
	if err := RemoveOwn(dir, 7); err != nil {
		t.Fatal(err)
	}
	if got := names(); len(got) != 2 || got[0] != "other" || got[1] != "pgsql_tmp8.0" {
		t.Fatalf("after RemoveOwn: %v", got)
	}
	if err := RemoveLeftovers(dir); err != nil {
		t.Fatal(err)
	}
	if got := names(); len(got) != 1 || got[0] != "other" {
		t.Fatalf("after RemoveLeftovers: %v", got)
	}
	if err := RemoveLeftovers(filepath.Join(dir, "missing")); err != nil {
		t.Fatal(err)
	}
}
