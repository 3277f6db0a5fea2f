package parser

import "testing"

// TestDomainStatements checks that CREATE and ALTER DOMAIN parse into
// nodes that deparse to SQL parsing back to the same text.
func TestDomainStatements(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"CREATE DOMAIN d AS int", "CREATE DOMAIN d AS integer"},
		{"create domain s.d varchar(5) default 'x' not null", "CREATE DOMAIN s.d AS character varying(5) DEFAULT 'x' NOT NULL"},
		{"CREATE DOMAIN d text COLLATE \"C\" CONSTRAINT c CHECK (VALUE <> '') CHECK (length(value) < 3) NULL",
			"CREATE DOMAIN d AS text COLLATE \"C\" CONSTRAINT c CHECK (value <> '') CHECK (length(value) < 3) NULL"},
		{"ALTER DOMAIN d SET DEFAULT 1 + 2", "ALTER DOMAIN d SET DEFAULT 1 + 2"},
		{"ALTER DOMAIN d DROP DEFAULT", "ALTER DOMAIN d DROP DEFAULT"},
		{"ALTER DOMAIN d SET NOT NULL", "ALTER DOMAIN d SET NOT NULL"},
		{"ALTER DOMAIN d DROP NOT NULL", "ALTER DOMAIN d DROP NOT NULL"},
		{"ALTER DOMAIN d ADD CONSTRAINT c CHECK (VALUE > 0) NOT VALID", "ALTER DOMAIN d ADD CONSTRAINT c CHECK (value > 0) NOT VALID"},
		{"ALTER DOMAIN d ADD CHECK (VALUE > 0)", "ALTER DOMAIN d ADD CHECK (value > 0)"},
		{"ALTER DOMAIN d DROP CONSTRAINT IF EXISTS c CASCADE", "ALTER DOMAIN d DROP CONSTRAINT IF EXISTS c CASCADE"},
		{"ALTER DOMAIN d VALIDATE CONSTRAINT c", "ALTER DOMAIN d VALIDATE CONSTRAINT c"},
		{"ALTER DOMAIN d RENAME CONSTRAINT a TO b", "ALTER DOMAIN d RENAME CONSTRAINT a TO b"},
		{"ALTER DOMAIN d RENAME TO e", "ALTER DOMAIN d RENAME TO e"},
	} {
		stmts, err := Parse(tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		got := stmts[0].String()
		if got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.in, got, tc.want)
			continue
		}
		again, err := Parse(got)
		if err != nil || again[0].String() != got {
			t.Errorf("%s does not parse back to itself: %v", got, err)
		}
	}
	for _, bad := range []string{"ALTER DOMAIN d", "ALTER DOMAIN d SET", "CREATE DOMAIN d", "ALTER DOMAIN d OWNER TO r"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("%s parsed", bad)
		}
	}
}
