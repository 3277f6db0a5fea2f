package numeric

import "testing"

// FuzzParse checks that Parse never panics and that what it accepts prints
// back to text that parses to an equal value with the same scale.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"0", "1.50", "-1e-5", " NaN ", "-inf", "1e1001", "123456789012345678901234567890.5", ".", "1e", "9223372036854775808"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		out := d.String()
		r, err := Parse(out)
		if err != nil {
			t.Fatalf("%q printed as %q which does not parse: %v", s, out, err)
		}
		if r.String() != out || Cmp(r, d) != 0 {
			t.Fatalf("%q: %q reparsed as %q", s, out, r)
		}
		if b, err := Recv(d.AppendSend(nil)); err != nil || b.String() != out {
			t.Fatalf("%q: wire round trip gave %v, %v", s, b, err)
		}
	})
}

// FuzzRecv checks that Recv never panics on arbitrary bytes and that what it
// accepts encodes back to a value that decodes alike.
func FuzzRecv(f *testing.F) {
	f.Add([]byte{0, 2, 0, 1, 0, 0, 0, 4, 0, 12, 13, 128})
	f.Add([]byte{0, 0, 0, 0, 0xc0, 0, 0, 0})
	f.Add([]byte{0, 1, 0x7f, 0xff, 0, 0, 0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Recv(b)
		if err != nil {
			return
		}
		r, err := Recv(d.AppendSend(nil))
		if err != nil || r.String() != d.String() {
			t.Fatalf("% x: re-encoded as %v, %v", b, r, err)
		}
	})
}
