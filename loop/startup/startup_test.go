package startup

import (
	"encoding/binary"
	"errors"
	"testing"

	"ringpg/pgerr"
)

func be32(vs ...uint32) []byte {
	var b []byte
	for _, v := range vs {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	return b
}

func TestParse(t *testing.T) {
	good := Encode(3, 0, []Param{{"user", "postgres"}, {"database", "db"}})
	tests := []struct {
		name     string
		in       []byte
		kind     Kind
		consumed int
		err      error  // sentinel, or nil
		code     string // SQLSTATE of a *pgerr.Error
	}{
		{name: "empty", in: nil, err: ErrIncomplete},
		{name: "short length", in: []byte{0, 0, 0}, err: ErrIncomplete},
		{name: "length zero", in: be32(0, 0), err: ErrInvalidLength},
		{name: "length 2^31", in: be32(1<<31, 196608), err: ErrInvalidLength},
		{name: "length too big", in: be32(MaxPacketLen+1, 196608), err: ErrInvalidLength},
		{name: "partial body", in: good[:len(good)-1], err: ErrIncomplete},
		{name: "startup", in: good, kind: KindStartup, consumed: len(good)},
		{name: "startup then more", in: append(append([]byte{}, good...), 'Q'), kind: KindStartup, consumed: len(good)},
		{name: "ssl", in: be32(8, CodeSSL), kind: KindSSL, consumed: 8},
		{name: "gssenc", in: be32(8, CodeGSSENC), kind: KindGSSENC, consumed: 8},
		{name: "cancel", in: be32(16, CodeCancel, 42, 7), kind: KindCancel, consumed: 16},
		{name: "cancel wrong size", in: be32(12, CodeCancel, 42), err: ErrInvalidLength},
		{name: "protocol 2", in: Encode(2, 0, []Param{{"user", "u"}}), code: pgerr.FeatureNotSupported},
		{name: "protocol 4", in: Encode(4, 0, []Param{{"user", "u"}}), code: pgerr.FeatureNotSupported},
		{name: "no user", in: Encode(3, 0, []Param{{"database", "d"}}), code: pgerr.InvalidAuthorizationSpec},
		{name: "no terminator", in: append(be32(8+5, 196608), 'u', 's', 'e', 'r', 0), code: pgerr.ProtocolViolation},
		{name: "bytes after terminator", in: append(be32(8+3, 196608), 0, 'x', 0), code: pgerr.ProtocolViolation},
		{name: "value missing", in: append(be32(8+6, 196608), 'u', 's', 'e', 'r', 0, 0), code: pgerr.ProtocolViolation},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, n, err := Parse(tc.in)
			switch {
			case tc.err != nil:
				if !errors.Is(err, tc.err) {
					t.Fatalf("err = %v, want %v", err, tc.err)
				}
			case tc.code != "":
				if got := pgerr.Code(err); got != tc.code {
					t.Fatalf("err = %v (code %q), want code %s", err, got, tc.code)
				}
			default:
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				if p.Kind != tc.kind || n != tc.consumed {
					t.Fatalf("got kind %v consumed %d, want %v %d", p.Kind, n, tc.kind, tc.consumed)
				}
			}
		})
	}
}

func TestParseFields(t *testing.T) {
	in := Encode(3, 2, []Param{{"user", "alice"}, {"database", "shop"}, {"options", "-c work_mem=8MB"}})
	p, _, err := Parse(in)
	if err != nil {
		t.Fatal(err)
	}
	if p.Major != 3 || p.Minor != 2 || p.Get("user") != "alice" || p.Get("database") != "shop" ||
		p.Get("options") != "-c work_mem=8MB" || p.Get("missing") != "" {
		t.Fatalf("decoded %+v", p)
	}
	c, _, err := Parse(be32(16, CodeCancel, 1234, 0xdeadbeef))
	if err != nil || c.CancelPID != 1234 || c.CancelKey != 0xdeadbeef {
		t.Fatalf("cancel decoded %+v, %v", c, err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(Encode(3, 0, []Param{{"user", "postgres"}}))
	f.Add(be32(8, CodeSSL))
	f.Add(be32(16, CodeCancel, 1, 2))
	f.Add(be32(0))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, n, err := Parse(b)
		if err != nil {
			return
		}
		if n < 8 || n > len(b) || n > MaxPacketLen {
			t.Fatalf("consumed %d of %d bytes", n, len(b))
		}
		if p.Kind == KindStartup {
			// A decoded startup message re-encodes to the same bytes.
			again := Encode(p.Major, p.Minor, p.Params)
			if string(again) != string(b[:n]) {
				t.Fatalf("re-encoding differs:\n%q\n%q", again, b[:n])
			}
		}
	})
}
