package datetime

import (
	"testing"
	"time"
)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := LoadZone(name)
	if err != nil {
		t.Fatalf("LoadZone(%q): %v", name, err)
	}
	return loc
}

// TestRelativeWords checks 'now', 'today', 'tomorrow' and 'yesterday'
// against a fixed transaction start.
func TestRelativeWords(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	// 2024-01-31 03:00 UTC is still the 30th in New York.
	now := pTS("2024-01-31 03:00:00.123456", time.UTC)
	for _, c := range []struct {
		typ, in, want string
		loc           *time.Location
	}{
		{"date", "today", "2024-01-31", time.UTC},
		{"date", "today", "2024-01-30", ny},
		{"date", "tomorrow", "2024-01-31", ny},
		{"date", "yesterday", "2024-01-29", ny},
		{"date", "now", "2024-01-30", ny},
		{"ts", "now", "2024-01-30 22:00:00.123456", ny},
		{"ts", "today", "2024-01-30 00:00:00", ny},
		{"ts", "tomorrow 13:00", "2024-01-31 13:00:00", ny},
		{"tstz", "now", "2024-01-30 22:00:00.123456-05", ny},
		{"tstz", "today", "2024-01-30 00:00:00-05", ny},
		{"tstz", "yesterday", "2024-01-30 00:00:00+00", time.UTC},
		{"time", "now", "22:00:00.123456", ny},
	} {
		var got string
		var err error
		switch c.typ {
		case "date":
			var d int64
			d, err = ParseDate(c.in, now, c.loc)
			got = string(AppendDate(nil, d))
		case "ts":
			var v int64
			v, err = ParseTimestamp(c.in, -1, now, c.loc)
			got = string(AppendTimestamp(nil, v))
		case "tstz":
			var v int64
			v, err = ParseTimestampTZ(c.in, -1, now, c.loc)
			got = string(AppendTimestampTZ(nil, v, c.loc))
		case "time":
			var v int64
			v, err = ParseTime(c.in, -1, now, c.loc)
			got = string(AppendTime(nil, v))
		}
		if err != nil || got != c.want {
			t.Errorf("%s %q in %s: got %q, %v; want %q", c.typ, c.in, c.loc, got, err, c.want)
		}
	}
}

// TestTypmodRounding checks timestamp(p), time(p) and interval typmods.
func TestTypmodRounding(t *testing.T) {
	for _, c := range []struct {
		in     string
		typmod int32
		want   string
	}{
		{"2024-01-31 12:34:56.789", 0, "2024-01-31 12:34:57"},
		{"2024-01-31 12:34:56.789", 2, "2024-01-31 12:34:56.79"},
		{"2024-01-31 12:34:56.785", 2, "2024-01-31 12:34:56.79"},
		{"2024-01-31 23:59:59.9", 0, "2024-02-01 00:00:00"},
		{"1999-12-31 23:59:59.5 BC", 0, "1999-12-31 23:59:59 BC"},
	} {
		v, err := ParseTimestamp(c.in, c.typmod, 0, time.UTC)
		if got := string(AppendTimestamp(nil, v)); err != nil || got != c.want {
			t.Errorf("timestamp(%d) %q = %q, %v; want %q", c.typmod, c.in, got, err, c.want)
		}
	}
	if v, _ := ParseTime("23:59:59.99", 1, 0, time.UTC); string(AppendTime(nil, v)) != "24:00:00" {
		t.Errorf("time(1) rounding gave %s", AppendTime(nil, v))
	}
	for _, c := range []struct {
		in     string
		typmod int32
		want   string
	}{
		{"1 year 2 mons 3 days 04:05:06.789", IntervalTypmod(IVYear, -1), "1 year"},
		{"1 year 2 mons 3 days 04:05:06.789", IntervalTypmod(IVYear|IVMonth, -1), "1 year 2 mons"},
		{"1 year 2 mons 3 days 04:05:06.789", IntervalTypmod(IVDay, -1), "1 year 2 mons 3 days"},
		{"1 year 2 mons 3 days 04:05:06.789", IntervalTypmod(IVDay|IVHour|IVMinute, -1), "1 year 2 mons 3 days 04:05:00"},
		{"1 year 2 mons 3 days 04:05:06.789", IntervalTypmod(0, 1), "1 year 2 mons 3 days 04:05:06.8"},
		{"5", IntervalTypmod(IVMinute, -1), "00:05:00"},
		{"5", IntervalTypmod(IVYear, -1), "5 years"},
	} {
		v, err := ParseInterval(c.in, c.typmod)
		if got := string(AppendInterval(nil, v, IntervalPostgres)); err != nil || got != c.want {
			t.Errorf("interval typmod %x %q = %q, %v; want %q", c.typmod, c.in, got, err, c.want)
		}
	}
}

func TestLoadZone(t *testing.T) {
	for _, c := range []struct{ name, canon string }{
		{"america/new_york", "America/New_York"},
		{"UTC", "UTC"},
		{"utc", "UTC"},
		{"Asia/Kolkata", "Asia/Kolkata"},
		{"+03", "<+03>-3"},
		{"EST5EDT", "EST5EDT"},
	} {
		if loc := mustZone(t, c.name); loc.String() != c.canon {
			t.Errorf("LoadZone(%q).String() = %q, want %q", c.name, loc.String(), c.canon)
		}
	}
	ts := pTSTZ("2024-07-01 12:00+00", time.UTC)
	for _, c := range []struct {
		name string
		want string
	}{
		{"+03", "2024-07-01 15:00:00+03"},
		{"3", "2024-07-01 15:00:00+03"},
		{"UTC+3", "2024-07-01 09:00:00-03"},
		{"UTC-05:30", "2024-07-01 17:30:00+05:30"},
		{"EST5EDT", "2024-07-01 08:00:00-04"},
		{"GMT+2", "2024-07-01 10:00:00-02"},
		{"<+07>-7", "2024-07-01 19:00:00+07"},
		{"JST-9", "2024-07-01 21:00:00+09"},
		{"EST", "2024-07-01 07:00:00-05"},
	} {
		loc := mustZone(t, c.name)
		if got := string(AppendTimestampTZ(nil, ts, loc)); got != c.want {
			t.Errorf("in %q: %s, want %s", c.name, got, c.want)
		}
	}
	for _, bad := range []string{"XYZ", "Europe/Foo", "ist", "", "../etc/passwd", "+99"} {
		if _, err := LoadZone(bad); err == nil {
			t.Errorf("LoadZone(%q) accepted", bad)
		}
	}
}

func TestWireRoundTrip(t *testing.T) {
	for _, d := range []int64{0, -1, DatePosInf, DateNegInf, 8796} {
		if r, err := RecvDate(AppendDateSend(nil, d)); err != nil || r != d {
			t.Errorf("date %d: %d, %v", d, r, err)
		}
	}
	for _, ts := range []int64{0, -1, TimestampPosInf, TimestampNegInf, 760012496789000} {
		if r, err := RecvTimestamp(AppendTimestampSend(nil, ts)); err != nil || r != ts {
			t.Errorf("timestamp %d: %d, %v", ts, r, err)
		}
	}
	iv := Interval{Months: -14, Days: 3, Micros: -14706789000}
	if r, err := RecvInterval(AppendIntervalSend(nil, iv)); err != nil || r != iv {
		t.Errorf("interval: %v, %v", r, err)
	}
	if _, err := RecvTime(AppendTimeSend(nil, USecsPerDay+1)); err == nil {
		t.Errorf("time past 24:00 accepted")
	}
	if _, err := RecvDate([]byte{1, 2}); err == nil {
		t.Errorf("short date accepted")
	}
	if _, err := RecvTimestamp(AppendTimestampSend(nil, endTimestamp)); err == nil {
		t.Errorf("timestamp past the end accepted")
	}
}

// TestIntervalKey checks that the byte key orders as CmpInterval and that
// equal intervals share a key.
func TestIntervalKey(t *testing.T) {
	ivs := []Interval{
		{}, {Months: 1}, {Days: 30}, {Days: 1}, {Micros: USecsPerDay}, {Micros: -1},
		{Months: -2147483648, Days: -2147483648, Micros: -9223372036854775808},
		{Months: 2147483647, Days: 2147483647, Micros: 9223372036854775807},
		{Months: 1, Days: -30, Micros: 1}, {Days: -1, Micros: USecsPerDay},
	}
	for _, a := range ivs {
		for _, b := range ivs {
			ka := string(AppendIntervalKey(nil, a))
			kb := string(AppendIntervalKey(nil, b))
			c := CmpInterval(a, b)
			kc := 0
			if ka < kb {
				kc = -1
			} else if ka > kb {
				kc = 1
			}
			if c != kc {
				t.Errorf("%v vs %v: Cmp %d, key %d", a, b, c, kc)
			}
		}
	}
	if CmpInterval(Interval{Months: 1}, Interval{Days: 30}) != 0 {
		t.Errorf("1 mon != 30 days")
	}
}
