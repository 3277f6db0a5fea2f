package settings

import (
	"math"
	"strings"
	"testing"
)

// fuzzDefs covers every parser: units of each kind, reals with and without
// units, booleans, enums, and the string check hooks.
var fuzzDefs = []string{"work_mem", "shared_buffers", "max_wal_size", "log_parameter_max_length", "statement_timeout",
	"checkpoint_timeout", "extra_float_digits", "checkpoint_completion_target", "vacuum_cost_delay", "fsync",
	"synchronous_commit", "DateStyle", "TimeZone", "client_encoding", "search_path", "application_name",
	"unix_socket_permissions", "wal_buffers"}

// Any input either fails with a client error or yields a value whose SHOW
// form parses back to the same value (reals: to SHOW's six digits).
func FuzzParseValue(f *testing.F) {
	for _, seed := range []string{"1GB", "1.5MB", "0x10", "08", " 128 MB ", "1e10", "-.5", "inf", "nan", "1min",
		"1500us", "0.5004ms", "on", "of", "remote_write", "iso, dmy", "german", "europe/paris", "<+03>-03", "UTC+3",
		"utf-8", `"$user", public`, "a,,b", "caf\xc3\xa9", "0777", "-1", "3", "1e-320", "0x1p-1", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s := New()
		for _, name := range fuzzDefs {
			d := Lookup(name)
			v, err := parseValue(s, d, name, in)
			if err != nil {
				if e, ok := err.(interface{ Error() string }); !ok || !strings.HasPrefix(e.Error(), "ERROR:  ") {
					t.Fatalf("%s %q: error %v is not a client error", name, in, err)
				}
				continue
			}
			shown := formatValue(d, v)
			back, err := parseValue(s, d, name, shown)
			if err != nil {
				t.Fatalf("%s: %q shows as %q, which does not parse: %v", name, in, shown, err)
			}
			if d.Type == TypeReal {
				if math.Abs(back.f()-v.f()) > 1e-5*math.Abs(v.f()) {
					t.Fatalf("%s: %q -> %g -> %q -> %g", name, in, v.f(), shown, back.f())
				}
				continue
			}
			if !back.equal(v) {
				t.Fatalf("%s: %q -> %+v -> %q -> %+v", name, in, v, shown, back)
			}
		}
	})
}

// The configuration parser never panics, reports lines inside the file,
// and what it parses survives being written back out and read again.
func FuzzConf(f *testing.F) {
	for _, seed := range []string{"work_mem = 8MB\n", "a 'b''c' # x\n", "x.y=1\r\n\n= =\n", "s = 'a\\nb\\101'",
		"include 'x'\n", "a = 1.5e3\nb = 0x1F\nc = -.5\n", "work_mem", "'", "a = 'b", "\xff = \xfe\n"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		items, errs := ParseConf(in, "f")
		lines := strings.Count(in, "\n") + 1
		for _, it := range items {
			if it.Line < 1 || it.Line > lines {
				t.Fatalf("item %+v outside %d lines", it, lines)
			}
		}
		if len(errs) > 0 {
			return
		}
		var b strings.Builder
		for _, it := range items {
			b.WriteString(it.Name + " = '" + confQuote(it.Value) + "'\n")
		}
		again, errs := ParseConf(b.String(), "f")
		if len(errs) > 0 || len(again) != len(items) {
			t.Fatalf("re-parse of %q: %v", b.String(), errs)
		}
		for i := range items {
			if again[i].Name != items[i].Name || again[i].Value != items[i].Value {
				t.Fatalf("re-parse changed %+v to %+v", items[i], again[i])
			}
		}
		// Applying never panics either.
		New().ApplyConf(items, "f", false)
		New().ApplyConf(items, "f", true)
	})
}

// confQuote escapes a value for a quoted configuration string.
func confQuote(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '\'':
			b.WriteString("''")
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
