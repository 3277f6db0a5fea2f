package datetime

import (
	"testing"
	"time"
)

func BenchmarkParseTimestamp(b *testing.B) {
	for b.Loop() {
		_, _ = ParseTimestamp("2024-01-31 12:34:56.789", -1, 0, time.UTC)
	}
}

func BenchmarkParseTimestampTZ(b *testing.B) {
	ny, _ := LoadZone("America/New_York")
	for b.Loop() {
		_, _ = ParseTimestampTZ("2024-01-31 12:34:56.789+02", -1, 0, ny)
	}
}

func BenchmarkAppendTimestamp(b *testing.B) {
	buf := make([]byte, 0, 64)
	for b.Loop() {
		buf = AppendTimestamp(buf[:0], 760012496789000)
	}
}

func BenchmarkAppendTimestampTZ(b *testing.B) {
	ny, _ := LoadZone("America/New_York")
	buf := make([]byte, 0, 64)
	for b.Loop() {
		buf = AppendTimestampTZ(buf[:0], 760012496789000, ny)
	}
}

func BenchmarkParseInterval(b *testing.B) {
	for b.Loop() {
		_, _ = ParseInterval("1 year 2 mons 3 days 04:05:06.5", -1)
	}
}
