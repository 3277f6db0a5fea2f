package keyenc

import "testing"

func BenchmarkAppendInt8(b *testing.B) {
	buf := make([]byte, 0, 64)
	for i := 0; i < b.N; i++ {
		buf = AppendInt8(buf[:0], int64(i), Asc)
	}
}

func BenchmarkAppendText(b *testing.B) {
	buf := make([]byte, 0, 64)
	for i := 0; i < b.N; i++ {
		buf = AppendText(buf[:0], "customer-name-0042", Desc)
	}
}

func BenchmarkAppendNumeric(b *testing.B) {
	buf := make([]byte, 0, 64)
	for i := 0; i < b.N; i++ {
		var err error
		if buf, err = AppendNumeric(buf[:0], "-12345.678", Asc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeRow(b *testing.B) {
	cols := []Column{{Int4, Asc}, {Text, Desc}, {Numeric, Asc}}
	key, err := Encode(nil, cols, []any{int32(7), "abc", "1.25"})
	if err != nil {
		b.Fatal(err)
	}
	vals := make([]any, 0, 3)
	for i := 0; i < b.N; i++ {
		if vals, err = Decode(vals[:0], key, cols); err != nil {
			b.Fatal(err)
		}
	}
}
