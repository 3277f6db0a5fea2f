package engine

import (
	"testing"

	"ringpg/backend/catalog"
)

// TestDomainCheckDef checks pg_get_constraintdef's text of a domain's
// CHECK constraint made from its SQL text.
func TestDomainCheckDef(t *testing.T) {
	for _, tc := range []struct {
		src       string
		validated bool
		pretty    bool
		want      string
	}{
		{"value > 0", true, false, "CHECK ((VALUE > 0))"},
		{"value > 0", true, true, "CHECK (VALUE > 0)"},
		{"length(value) < 3", true, false, "CHECK ((length(VALUE) < 3))"},
		{"is_ok(value)", true, false, "CHECK (is_ok(VALUE))"},
		{"value <> 'value' AND \"value\" IS NOT NULL AND values_x > 1", false, true,
			"CHECK (VALUE <> 'value' AND \"value\" IS NOT NULL AND values_x > 1) NOT VALID"},
	} {
		got := checkDefText(&catalog.Constraint{Check: tc.src, Validated: tc.validated}, tc.pretty)
		if got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.src, got, tc.want)
		}
	}
}
