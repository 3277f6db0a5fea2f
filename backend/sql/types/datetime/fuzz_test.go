package datetime

import (
	"testing"
	"time"
)

var fuzzSeeds = []string{"2024-01-31", "2024-01-31 12:34:56.789+02", "Jan 31 2024", "31-Jan-2024",
	"epoch", "infinity", "-infinity", "now", "today", "allballs", "0044-03-15 BC", "20240131T123456",
	"2024-01-31 12:00 America/New_York", "12:34:56", "1 day 2 hours", "1-2", "3 days 04:05:06",
	"@ 1 minute ago", "P1Y2M3DT4H5M6S", "P0001-02-03T04:05:06", "5", "-1.5 weeks", "2147483647 days"}

// FuzzParseTimestamp checks that timestamp input never panics and that an
// accepted value prints to text that reads back to the same value.
func FuzzParseTimestamp(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	ny, _ := LoadZone("America/New_York")
	f.Fuzz(func(t *testing.T, s string) {
		if v, err := ParseTimestamp(s, -1, 0, ny); err == nil {
			out := string(AppendTimestamp(nil, v))
			if r, err := ParseTimestamp(out, -1, 0, ny); err != nil || r != v {
				t.Fatalf("%q -> %q -> %d, %v (want %d)", s, out, r, err, v)
			}
		}
		if v, err := ParseTimestampTZ(s, -1, 0, ny); err == nil {
			out := string(AppendTimestampTZ(nil, v, ny))
			if r, err := ParseTimestampTZ(out, -1, 0, ny); err != nil || r != v {
				t.Fatalf("%q -> %q -> %d, %v (want %d)", s, out, r, err, v)
			}
		}
	})
}

// FuzzParseDate checks date and time input the same way.
func FuzzParseDate(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if v, err := ParseDate(s, 0, time.UTC); err == nil {
			out := string(AppendDate(nil, v))
			if r, err := ParseDate(out, 0, time.UTC); err != nil || r != v {
				t.Fatalf("%q -> %q -> %d, %v (want %d)", s, out, r, err, v)
			}
		}
		if v, err := ParseTime(s, -1, 0, time.UTC); err == nil {
			out := string(AppendTime(nil, v))
			if r, err := ParseTime(out, -1, 0, time.UTC); err != nil || r != v {
				t.Fatalf("%q -> %q -> %d, %v (want %d)", s, out, r, err, v)
			}
		}
	})
}

// FuzzParseInterval checks that interval input never panics and that every
// output style of an accepted value reads back equal.
func FuzzParseInterval(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseInterval(s, -1)
		if err != nil {
			return
		}
		for _, st := range []IntervalStyle{IntervalPostgres, IntervalPostgresVerbose, IntervalISO8601} {
			out := string(AppendInterval(nil, v, st))
			r, err := ParseInterval(out, -1)
			if err != nil || r != v {
				t.Fatalf("%q -> %q (style %d) -> %v, %v (want %v)", s, out, st, r, err, v)
			}
		}
	})
}

// FuzzLoadZone checks that zone resolution never panics.
func FuzzLoadZone(f *testing.F) {
	for _, s := range []string{"UTC", "America/New_York", "+03", "UTC+3", "EST5EDT", "<+07>-7", "EST5EDT,M3.2.0,M11.1.0", "x/../../etc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if loc, err := LookupZone(s); err == nil {
			_ = AppendTimestampTZ(nil, 0, loc)
		}
	})
}
