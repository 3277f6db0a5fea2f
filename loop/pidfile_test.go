package loop

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPidFileStatus checks postmaster.pid's layout and that its status
// line moves from "starting" to PostgreSQL's padded "ready   ".
func TestPidFileStatus(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "postmaster.pid")
	l, err := acquireLock(path, pidFileLines(dir, 5432, "/tmp", "*", "starting"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.release()
	for _, tc := range []struct{ status, want string }{{"ready", "ready   "}, {"stopping", "stopping"}} {
		l.setStatus(tc.status)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		if len(lines) != 8 || lines[1] != dir || lines[3] != "5432" || lines[7] != tc.want {
			t.Fatalf("after setStatus(%q): %q", tc.status, lines)
		}
	}
}
