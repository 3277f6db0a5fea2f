package datetime

import (
	"testing"
	"time"
)

// to_char's TM prefix and empty templates, to_char(interval) rejecting
// calendar patterns, and the backslash outside quotes; expectations from
// PostgreSQL 15.
func TestToCharPrefixesAndInterval(t *testing.T) {
	ts, err := MakeTimestamp(2024, 5, 5, 14, 7, 9)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ format, want string }{
		{"TMDay|TMMonth|TMMon|TMDY|TMmonth|tmday|TMRM|", "Sunday|May|May|SUN|may|sunday|V   |"},
		{"FMTMDay", "TMSunday   "},
		{"FMx|tmx|Fmx|FM", "x|x|Fmx|"},
		{`YYYY\-MM HH24\"h`, `2024\-05 14"h`},
	} {
		got, ok := ToCharTimestamp(ts, c.format)
		if !ok || got != c.want {
			t.Errorf("to_char(ts, %q) = %q, want %q", c.format, got, c.want)
		}
	}
	if _, ok := ToCharTimestamp(ts, ""); ok {
		t.Error("to_char(ts, '') is not NULL")
	}
	iv := Interval{Months: 14, Days: 2, Micros: 3 * USecsPerHour}
	if _, _, err := ToCharInterval(iv, "Month"); err == nil {
		t.Error("to_char(interval, 'Month') did not fail")
	}
	if s, ok, err := ToCharInterval(iv, "YYYY MM DD HH24"); err != nil || !ok || s != "0001 02 02 03" {
		t.Errorf("to_char(interval) = %q, %v, %v", s, ok, err)
	}
}

func TestToDateFields(t *testing.T) {
	for _, c := range []struct{ in, format, want string }{
		{"2451245", "J", "1999-03-07"},
		{"44 BC", "YYYY BC", "0044-01-01 BC"},
		{"2000.366", "YYYY.DDD", "2000-12-31"},
		{"2000.367", "YYYY.DDD", "error"},
		{"5", "DD", "0001-01-05 BC"},
	} {
		got := "error"
		if d, err := ToDate(c.in, c.format); err == nil {
			got = string(AppendDate(nil, d))
		}
		if got != c.want {
			t.Errorf("to_date(%q, %q) = %s, want %s", c.in, c.format, got, c.want)
		}
	}
}

// POSIX zone specifications may have a short name or none: '+03:30' is
// three and a half hours west.
func TestPosixZoneShortNames(t *testing.T) {
	for _, c := range []struct {
		name string
		east int
	}{{"+03:30", -12600}, {"03:00", -10800}, {"X+3", -10800}, {"AB5", -18000}, {"+25:00", -90000}} {
		loc, err := LoadZone(c.name)
		if err != nil {
			t.Errorf("LoadZone(%q): %v", c.name, err)
			continue
		}
		if _, off := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC).In(loc).Zone(); off != c.east {
			t.Errorf("LoadZone(%q) offset %d, want %d", c.name, off, c.east)
		}
	}
}

// age() reads +infinity as its largest finite encoding, as PostgreSQL 15
// does, and refuses -infinity.
func TestAgeInfinity(t *testing.T) {
	b, _ := MakeTimestamp(2024, 1, 1, 0, 0, 0)
	iv, err := Age(TimestampPosInf, b)
	if err != nil {
		t.Fatal(err)
	}
	want := Interval{Months: 292253 * 12, Days: 8, Micros: 4*USecsPerHour + 54775807}
	if iv != want {
		t.Errorf("age(infinity, 2024-01-01) = %+v, want %+v", iv, want)
	}
	if _, err := Age(b, TimestampNegInf); err == nil {
		t.Error("age(x, -infinity) did not fail")
	}
}
