package parser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestAgainstPostgres sends every testdata case to a real PostgreSQL 15
// (set RINGPG_PARSER_PG to a connection string, e.g.
// "host=/tmp port=5432 user=postgres") and checks that the server agrees:
// an expected error must come back with the same SQLSTATE, message and
// position; a statement we parse must not be a syntax error there. Cases
// are prepared with the extended protocol, so nothing is executed.
func TestAgainstPostgres(t *testing.T) {
	dsn := os.Getenv("RINGPG_PARSER_PG")
	if dsn == "" {
		t.Skip("RINGPG_PARSER_PG not set")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	conn, err := pgconn.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, path := range testdataFiles(t) {
		for _, c := range readCases(t, path) {
			if strings.Contains(c.expected, "(ringpg only)") || hasComment(c, "ringpg-only") {
				continue
			}
			where := fmt.Sprintf("%s:%d", filepath.Base(c.file), c.line)
			_, err := conn.Prepare(ctx, "", c.sql, nil)
			var pe *pgconn.PgError
			if err != nil && !errors.As(err, &pe) {
				t.Fatalf("%s: %v", where, err)
			}
			ours := errorPart(c.expected)
			if strings.HasSuffix(ours, " is not supported") && strings.HasPrefix(ours, "ERROR 0A000") {
				continue // valid PostgreSQL we knowingly do not parse yet
			}
			if strings.HasPrefix(ours, "ERROR ") {
				if pe == nil {
					t.Errorf("%s: %q: PostgreSQL accepts it, we say %s", where, c.sql, ours)
					continue
				}
				theirs := fmt.Sprintf("ERROR %s at %d: %s", pe.Code, pe.Position, pe.Message)
				if theirs != ours && !hasComment(c, "differs") {
					t.Errorf("%s: %q:\n   ours: %s\ntheirs: %s", where, c.sql, ours, theirs)
				}
				continue
			}
			if pe != nil && isParserError(pe) {
				t.Errorf("%s: %q: we accept it, PostgreSQL says ERROR %s at %d: %s", where, c.sql, pe.Code, pe.Position, pe.Message)
			}
		}
	}
}

func hasComment(c *ddCase, word string) bool {
	for _, cm := range c.comments {
		if strings.Contains(cm, word) {
			return true
		}
	}
	return false
}

// errorPart returns the ERROR line (which may span lines) of an expected
// output, or its last line.
func errorPart(s string) string {
	if strings.HasPrefix(s, "ERROR ") {
		return s
	}
	if i := strings.Index(s, "\nERROR "); i >= 0 {
		return s[i+1:]
	}
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// isParserError reports whether a PostgreSQL error comes from the raw
// parser rather than from analysis of a statement that parsed.
func isParserError(pe *pgconn.PgError) bool {
	if pe.Code != "42601" {
		return false
	}
	switch {
	case strings.HasPrefix(pe.Message, "cannot insert multiple commands"),
		strings.HasPrefix(pe.Message, "improper qualified name"),
		strings.HasPrefix(pe.Message, "DEFAULT is not allowed in this context"),
		strings.HasPrefix(pe.Message, "SELECT * with no tables specified"),
		strings.HasPrefix(pe.Message, "type modifier is not allowed"),
		strings.HasPrefix(pe.Message, "WITH query is not recursive"),
		strings.HasSuffix(pe.Message, "requires a parameter"):
		return false
	}
	return true
}
