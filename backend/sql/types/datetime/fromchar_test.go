package datetime

import (
	"testing"
	"time"
)

// Expectations from PostgreSQL 15 (TimeZone UTC).
func TestToDateTimestamp(t *testing.T) {
	for _, tc := range []struct{ in, format, want string }{
		{"05 Dec 2000", "DD Mon YYYY", "2000-12-05"},
		{"2024-01-05", "YYYY-MM-DD", "2024-01-05"},
		{"20240105", "YYYYMMDD", "2024-01-05"},
		{"2024-1-5", "YYYY-MM-DD", "2024-01-05"},
		{"December 25, 2023", "Month DD, YYYY", "2023-12-25"},
		{"05/12/99", "DD/MM/YY", "1999-12-05"},
		{"2024-02-30", "YYYY-MM-DD", "error"},
		{"xx", "YYYY", "error"},
	} {
		days, err := ToDate(tc.in, tc.format)
		got := "error"
		if err == nil {
			got = string(AppendDate(nil, days))
		}
		if got != tc.want {
			t.Errorf("to_date(%q, %q) = %s, want %s", tc.in, tc.format, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, format, want string }{
		{"2024-03-10 14:05:09", "YYYY-MM-DD HH24:MI:SS", "2024-03-10 14:05:09+00"},
		{"10-03-2024 02:05 PM", "DD-MM-YYYY HH:MI AM", "2024-03-10 14:05:00+00"},
		{"2024-03-10 12:00:00.25", "YYYY-MM-DD HH24:MI:SS.MS", "2024-03-10 12:00:00.25+00"},
		{"2024-03-10 12:00 +02", "YYYY-MM-DD HH24:MI TZH", "2024-03-10 10:00:00+00"},
		{"13:00 PM", "HH:MI AM", "error"},
	} {
		ts, err := ToTimestampFormat(tc.in, tc.format, time.UTC)
		got := "error"
		if err == nil {
			got = string(AppendTimestampTZ(nil, ts, time.UTC))
		}
		if got != tc.want {
			t.Errorf("to_timestamp(%q, %q) = %s, want %s", tc.in, tc.format, got, tc.want)
		}
	}
}
