package settings

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Encode and Decode carry a Set from the postmaster to a backend process
// (Go cannot fork, so a backend starts empty and is handed its settings).
// Only settings that differ from the built-in state are written, by name, so
// the format survives a reordering of the registry; values travel in their
// stored form, so nothing is parsed twice. Open transaction state and the
// ParameterStatus queue are not carried.
//
// Format: "RGS1", then a uvarint count, then per setting: name (uvarint
// length, bytes), current source, reset source, flags (bit 0: pending
// restart), current value, reset value, source file, source line. A value
// is a zig-zag varint (bool, integer, enum), 8 bytes of IEEE bits (real) or
// a length-prefixed string (string).

const encodeMagic = "RGS1"

// Encode serialises s.
func (s *Set) Encode() []byte {
	b := []byte(encodeMagic)
	var entries [][]byte
	for id := range s.slots {
		sl := &s.slots[id]
		if sl.src == SourceDefault && sl.resetSrc == SourceDefault && !sl.pendingRestart {
			continue
		}
		entries = append(entries, encodeSlot(&builtin[id], sl, s.origins[lowerASCII(builtin[id].Name)]))
	}
	for _, name := range s.customNames() {
		c := s.custom[name]
		entries = append(entries, encodeSlot(&c.def, &c.slot, s.origins[name]))
	}
	b = binary.AppendUvarint(b, uint64(len(entries)))
	for _, e := range entries {
		b = append(b, e...)
	}
	return b
}

func encodeSlot(d *Def, sl *slot, o origin) []byte {
	var b []byte
	b = appendString(b, d.Name)
	var flags byte
	if sl.pendingRestart {
		flags |= 1
	}
	b = append(b, byte(sl.src), byte(sl.resetSrc), flags)
	b = appendValue(b, d.Type, sl.cur)
	b = appendValue(b, d.Type, sl.reset)
	b = appendString(b, o.file)
	b = binary.AppendUvarint(b, uint64(o.line))
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendValue(b []byte, t Type, v value) []byte {
	switch t {
	case TypeReal:
		return binary.LittleEndian.AppendUint64(b, uint64(v.n))
	case TypeString:
		return appendString(b, v.s)
	}
	return binary.AppendVarint(b, v.n)
}

var errDecode = errors.New("settings: malformed encoded settings")

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errDecode
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = errDecode
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) bytes(n uint64) []byte {
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.b)) {
		d.err = errDecode
		return nil
	}
	out := d.b[:n]
	d.b = d.b[n:]
	return out
}

func (d *decoder) str() string { return string(d.bytes(d.uvarint())) }
func (d *decoder) byte1() byte {
	b := d.bytes(1)
	if b == nil {
		return 0
	}
	return b[0]
}
func (d *decoder) source() Source {
	v := Source(d.byte1())
	if v > SourceSession && d.err == nil {
		d.err = errDecode
	}
	return v
}

func (d *decoder) value(t Type) value {
	switch t {
	case TypeReal:
		b := d.bytes(8)
		if b == nil {
			return value{}
		}
		return value{n: int64(binary.LittleEndian.Uint64(b))}
	case TypeString:
		return value{s: d.str()}
	}
	return value{n: d.varint()}
}

// Decode rebuilds a Set from Encode's output.
func Decode(data []byte) (*Set, error) {
	if len(data) < len(encodeMagic) || string(data[:len(encodeMagic)]) != encodeMagic {
		return nil, errDecode
	}
	d := &decoder{b: data[len(encodeMagic):]}
	s := New()
	n := d.uvarint()
	for i := uint64(0); i < n && d.err == nil; i++ {
		name := d.str()
		src, resetSrc := d.source(), d.source()
		flags := d.byte1()
		if d.err != nil {
			break
		}
		def, sl, err := s.lookup(name, true)
		if err != nil {
			return nil, fmt.Errorf("settings: decoding %q: %w", name, err)
		}
		sl.src, sl.resetSrc = src, resetSrc
		sl.pendingRestart = flags&1 != 0
		sl.cur = d.value(def.Type)
		sl.reset = d.value(def.Type)
		if o := (origin{d.str(), int(d.uvarint())}); o.file != "" {
			s.setOrigin(def.Name, o)
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	if len(d.b) != 0 {
		return nil, errDecode
	}
	return s, nil
}
