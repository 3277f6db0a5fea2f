package types

import "testing"

func BenchmarkInputInt4(b *testing.B) {
	typ := Of(Int4Oid)
	for i := 0; i < b.N; i++ {
		if _, err := Input(typ, "1234567", nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOutputInt4(b *testing.B) {
	typ, d, buf := Of(Int4Oid), Int(1234567), make([]byte, 0, 32)
	for i := 0; i < b.N; i++ {
		buf = AppendOutput(buf[:0], typ, d, nil)
	}
}

func BenchmarkInputText(b *testing.B) {
	typ := Of(TextOid)
	for i := 0; i < b.N; i++ {
		if _, err := Input(typ, "the quick brown fox jumps over the lazy dog", nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOutputText(b *testing.B) {
	typ, d, buf := Of(TextOid), String("the quick brown fox jumps over the lazy dog"), make([]byte, 0, 64)
	for i := 0; i < b.N; i++ {
		buf = AppendOutput(buf[:0], typ, d, nil)
	}
}

func BenchmarkInputInt4Array(b *testing.B) {
	typ := Of(Int4ArrayOid)
	for i := 0; i < b.N; i++ {
		if _, err := Input(typ, "{1,2,3,4,5,6,7,8,9,10}", nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendStoredInt4(b *testing.B) {
	typ, d, buf := Of(Int4Oid), Int(1234567), make([]byte, 0, 8)
	for i := 0; i < b.N; i++ {
		buf = AppendStored(buf[:0], typ, d)
	}
}

func BenchmarkFromStoredInt4(b *testing.B) {
	typ := Of(Int4Oid)
	st := AppendStored(nil, typ, Int(1234567))
	for i := 0; i < b.N; i++ {
		if _, err := FromStored(typ, st); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendStoredText(b *testing.B) {
	typ, d, buf := Of(TextOid), String("the quick brown fox"), make([]byte, 0, 32)
	for i := 0; i < b.N; i++ {
		buf = AppendStored(buf[:0], typ, d)
	}
}

func BenchmarkFromStoredText(b *testing.B) {
	typ := Of(TextOid)
	st := AppendStored(nil, typ, String("the quick brown fox"))
	for i := 0; i < b.N; i++ {
		if _, err := FromStored(typ, st); err != nil {
			b.Fatal(err)
		}
	}
}
