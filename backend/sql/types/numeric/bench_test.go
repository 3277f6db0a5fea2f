package numeric

import "testing"

func BenchmarkAdd(b *testing.B) {
	x := FromUnscaled(123456789, 2)
	y := FromUnscaled(987654321, 3)
	for b.Loop() {
		_, _ = Add(x, y)
	}
}

func BenchmarkAddBig(b *testing.B) {
	x, _ := Parse("123456789012345678901234567890.12")
	y, _ := Parse("987654321098765432109876543210.123")
	for b.Loop() {
		_, _ = Add(x, y)
	}
}

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		_, _ = Parse("12345.6789")
	}
}

func BenchmarkAppend(b *testing.B) {
	x := FromUnscaled(123456789, 4)
	buf := make([]byte, 0, 32)
	for b.Loop() {
		buf = x.Append(buf[:0])
	}
}

func BenchmarkAccAddDecimal(b *testing.B) {
	var a Acc
	x := FromUnscaled(12345, 2)
	for b.Loop() {
		a.AddDecimal(x)
	}
}

func BenchmarkDiv(b *testing.B) {
	x := FromInt64(10)
	y := FromInt64(3)
	for b.Loop() {
		_, _ = Div(x, y)
	}
}
