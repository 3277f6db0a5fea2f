package settings

import "testing"

var sinkInt int64

// The hot getters are an array read; the by-name form pays a map lookup.
func BenchmarkWorkMemGetter(b *testing.B) {
	s := New()
	for i := 0; i < b.N; i++ {
		sinkInt += s.WorkMemBytes()
	}
}

func BenchmarkIntByName(b *testing.B) {
	s := New()
	for i := 0; i < b.N; i++ {
		sinkInt += s.Int("work_mem")
	}
}

func BenchmarkSetSession(b *testing.B) {
	s := New()
	for i := 0; i < b.N; i++ {
		if err := s.SetSession("work_mem", "64MB", false); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeDecode(b *testing.B) {
	s := New()
	s.Apply("shared_buffers", "1GB", ContextPostmaster, SourceArgv)
	s.Apply("synchronous_commit", "off", ContextPostmaster, SourceFile)
	for i := 0; i < b.N; i++ {
		if _, err := Decode(s.Encode()); err != nil {
			b.Fatal(err)
		}
	}
}

// A backend starts each session from a copy of its pristine settings.
func BenchmarkClone(b *testing.B) {
	s := New()
	s.Apply("shared_buffers", "1GB", ContextPostmaster, SourceArgv)
	for i := 0; i < b.N; i++ {
		if s.Clone() == nil {
			b.Fatal("nil")
		}
	}
}

func BenchmarkNew(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if New() == nil {
			b.Fatal("nil")
		}
	}
}
