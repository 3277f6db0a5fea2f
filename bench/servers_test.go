package main

import (
	"strings"
	"testing"
)

// Both servers get the same settings, each in its own command-line
// dialect; ringpg's follows DESIGN.md §1.
func TestServerCommandLines(t *testing.T) {
	settings := map[string]string{"shared_buffers": "128MB", "max_connections": "100",
		"synchronous_commit": "off", "fsync": "on"}
	pg := &Server{ID: serverPG, bin: "/usr/lib/postgresql/15/bin/postgres", dataDir: "/t/pg/data", sockDir: "/t/pg/sock", port: 5433}
	rp := &Server{ID: serverRingpg, bin: "/t/bin/ringpg", dataDir: "/t/rp/data", sockDir: "/t/rp/sock", port: 5434}
	tests := []struct {
		s    *Server
		want string
	}{
		{pg, "postgres -D /t/pg/data -p 5433 -k /t/pg/sock -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=100 -c shared_buffers=128MB -c synchronous_commit=off"},
		{rp, "ringpg serve -D /t/rp/data -p 5434 -h 127.0.0.1 -k /t/rp/sock -c fsync=on -N 100 -B 128MB -c synchronous_commit=off"},
	}
	for _, tc := range tests {
		if got := tc.s.CommandLine(settings); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
	}
	if got := rp.ConnString(); !strings.Contains(got, "port=5434") || !strings.Contains(got, "sslmode=disable") {
		t.Errorf("conn string %q", got)
	}
}

func TestSameSettings(t *testing.T) {
	a := map[string]string{"x": "1", "y": "2"}
	if !sameSettings(a, map[string]string{"y": "2", "x": "1"}) {
		t.Error("same maps differ")
	}
	if sameSettings(a, map[string]string{"x": "1", "y": "3"}) || sameSettings(a, map[string]string{"x": "1"}) || sameSettings(nil, a) {
		t.Error("different maps are the same")
	}
}

func TestLastLines(t *testing.T) {
	log := "one\n\n===== bench: starting x\ntwo\nthree\n"
	if got := lastLines(log, 2); got != "two | three" {
		t.Errorf("got %q", got)
	}
	if got := lastLines("", 2); got != "(empty)" {
		t.Errorf("got %q", got)
	}
}
