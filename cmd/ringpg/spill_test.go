package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// tempFiles lists the files in the server's base/pgsql_tmp.
func (s *server) tempFiles() []string {
	ents, _ := os.ReadDir(filepath.Join(s.dataDir, "base", "pgsql_tmp"))
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// TestSpillTempFiles: sorts and hashes at work_mem 64kB write temporary
// files that are gone when the statement ends, fails or is cancelled, and that a restart removes what a crash left behind.
func TestSpillTempFiles(t *testing.T) {
	s := startServer(t, "")
	c := s.mustConnect()
	query(t, c, "create table big (id int, t text)")
	query(t, c, "insert into big select g, md5(g::text) from generate_series(1, 50000) g")
	query(t, c, "set work_mem = '64kB'")
	noFiles := func(when string) {
		t.Helper()
		if !eventually(5*time.Second, func() bool { return len(s.tempFiles()) == 0 }) {
			t.Fatalf("%s: temporary files left: %v", when, s.tempFiles())
		}
	}
	if got := query(t, c, "select count(*) from (select t from big order by t offset 1) s"); got != "49999" {
		t.Fatalf("sort: got %s", got)
	}
	if got := query(t, c, "select count(*) from (select t, count(*) from big group by t) s"); got != "50000" {
		t.Fatalf("group by: got %s", got)
	}
	noFiles("after queries")

	// Errors: temp_file_limit, and statement_timeout mid-query.
	query(t, c, "set temp_file_limit = '100kB'")
	_, err := tryQuery(c, "select count(*) from (select t from big order by t offset 1) s")
	if sqlstate(err) != "53400" {
		t.Fatalf("over temp_file_limit: got %v, want 53400", err)
	}
	noFiles("after temp_file_limit")
	query(t, c, "reset temp_file_limit")
	query(t, c, "set statement_timeout = '300ms'")
	_, err = tryQuery(c, "select count(*) from (select a.t from big a, big b where b.id < 50 order by a.t || b.t offset 1) s")
	if sqlstate(err) != "57014" {
		t.Fatalf("statement_timeout: got %v, want 57014", err)
	}
	noFiles("after a cancelled query")
	query(t, c, "reset statement_timeout")

	// Leftovers of a crash are removed at start.
	dir := filepath.Join(s.dataDir, "base", "pgsql_tmp")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "pgsql_tmp99999.0"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.signal(syscall.SIGINT)
	if !s.waitExit(30 * time.Second) {
		t.Fatal("server did not stop")
	}
	s2 := startServer(t, s.dataDir)
	c2 := s2.mustConnect()
	query(t, c2, "select 1")
	if files := s2.tempFiles(); len(files) != 0 {
		t.Fatalf("temporary files survived a restart: %v", files)
	}
}
