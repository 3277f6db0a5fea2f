package main

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestCopyBinaryErrors: COPY FROM STDIN in binary format refuses a stream
// without the signature and one cut inside a row with 22P04, and the
// session goes on; a stream of just the header and the trailer copies no
// rows. (pgx's CopyFrom, in the driver flows, copies real rows.)
func TestCopyBinaryErrors(t *testing.T) {
	s := startServer(t, "")
	c := s.mustConnect()
	query(t, c, "create table cb (a int4, b text)")
	header := "PGCOPY\n\xff\r\n\x00" + "\x00\x00\x00\x00" + "\x00\x00\x00\x00"
	for _, tc := range []struct {
		name, data, want string
	}{
		{"no signature", "not a copy stream at all", "22P04 COPY file signature not recognized"},
		{"cut inside a row", header + "\x00\x02\x00\x00\x00\x04\x00\x00", "22P04 unexpected EOF in COPY data"},
		{"wrong field count", header + "\x00\x03", "22P04 row field count is 3, expected 2"},
		{"empty", header + "\xff\xff", "COPY 0"},
		{"one row", header + "\x00\x02\x00\x00\x00\x04\x00\x00\x00\x07\xff\xff\xff\xff\xff\xff", "COPY 1"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		tag, err := c.CopyFrom(ctx, strings.NewReader(tc.data), "copy cb from stdin with (format binary)")
		cancel()
		got := tag.String()
		if err != nil {
			got = errLine(err)
			got = strings.TrimPrefix(got, "ERR ")
		}
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := query(t, c, "select count(*), max(a), count(b) from cb"); got != "1|7|0" {
		t.Fatalf("after the copies: %s", got)
	}
}
