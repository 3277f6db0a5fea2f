package funcs

import (
	"testing"

	"ringpg/backend/sql/types"
)

// Expectations from PostgreSQL 15.
func TestToNumber(t *testing.T) {
	for _, tc := range []struct{ in, format, want string }{
		{"12345", "99", "12"},
		{"1,234.5", "9,999.9", "1234.5"},
		{"12,454.8-", "99G999D9S", "-12454.8"},
		{"  12", "9999", "12"},
		{"-12.345", "99.99", "-12.34"},
		{"$1,000", "L9,999", "1000"},
		{"1234", "9G999", "1234"},
		{"12.3", "9999", "123"},
		{"5", "FM999", "5"},
		{"<12>", "999PR", "-12"},
		{"1 2", "9 9", "12"},
		{"12", "0000", "12"},
		{"123.456", "999.9", "123.4"},
		{"-5", "S9", "-5"},
		{"12-", "99MI", "-12"},
		{"abc", "999", "error"},
		{"", "999", "error"},
		{"1.2e3", "9.9EEEE", "error"},
		{"XII", "RN", "error"},
	} {
		d, err := toNumber(tc.in, tc.format)
		got := "error"
		if err == nil {
			got = types.Output(types.Of(types.NumericOid), d, nil)
		}
		if got != tc.want {
			t.Errorf("to_number(%q, %q) = %s, want %s", tc.in, tc.format, got, tc.want)
		}
	}
}
