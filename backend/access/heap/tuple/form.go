package tuple

// Size returns the size of the tuple Form would build from values and
// nulls (nil nulls: none), and the t_infomask bits it would have.
func Size(d *Desc, values [][]byte, nulls []bool) (int, uint16, error) {
	hasNulls, err := checkShape(d, values, nulls)
	if err != nil {
		return 0, 0, err
	}
	hoff := HeaderLen(len(d.Attrs), hasNulls)
	n, mask, err := dataSize(d, values, nulls)
	if err != nil {
		return 0, 0, err
	}
	if hasNulls {
		mask |= HasNull
	}
	return hoff + n, mask, nil
}

// Form builds a tuple from values and nulls (nil nulls: none), as
// heap_form_tuple does. The header's transaction fields and ctid are zero;
// t_infomask2 holds the attribute count. See the package documentation
// for what values hold.
func Form(d *Desc, values [][]byte, nulls []bool) ([]byte, error) {
	n, mask, err := Size(d, values, nulls)
	if err != nil {
		return nil, err
	}
	tup := make([]byte, n)
	fill(tup, d, values, nulls, mask)
	return tup, nil
}

// AppendForm is Form that appends the tuple to dst[:0], reusing its
// capacity: a caller that forms row after row (and copies each into a
// page) keeps one buffer.
func AppendForm(dst []byte, d *Desc, values [][]byte, nulls []bool) ([]byte, error) {
	n, mask, err := Size(d, values, nulls)
	if err != nil {
		return dst[:0], err
	}
	if cap(dst) < n {
		dst = make([]byte, n, max(n, 2*cap(dst)))
	}
	tup := dst[:n]
	fill(tup, d, values, nulls, mask)
	return tup, nil
}

// FormInto is Form into dst, which must hold at least Size bytes; it
// returns the tuple's length. Bytes of dst past the header that the data
// does not cover (alignment padding) are zeroed.
func FormInto(dst []byte, d *Desc, values [][]byte, nulls []bool) (int, error) {
	size, mask, err := Size(d, values, nulls)
	if err != nil {
		return 0, err
	}
	if len(dst) < size {
		return 0, badValue("tuple buffer of %d bytes, tuple needs %d", len(dst), size)
	}
	fill(dst[:size], d, values, nulls, mask)
	return size, nil
}

// fill writes the tuple into tup, which is exactly as long as Size said;
// values were checked by Size.
func fill(tup []byte, d *Desc, values [][]byte, nulls []bool, mask uint16) {
	clear(tup)
	natts := len(d.Attrs)
	hasNulls := mask&HasNull != 0
	hoff := HeaderLen(natts, hasNulls)
	h := Header{Infomask2: uint16(natts), Infomask: mask, Hoff: uint8(hoff)}
	h.Put(tup)
	if hasNulls {
		bits := tup[offBits : offBits+BitmapLen(natts)]
		for i := range natts {
			if !nulls[i] {
				bits[i>>3] |= 1 << (i & 7)
			}
		}
	}
	fillData(tup[hoff:], d, values, nulls)
}

// checkShape checks the value and null counts and reports whether any
// value is null.
func checkShape(d *Desc, values [][]byte, nulls []bool) (bool, error) {
	if len(values) != len(d.Attrs) {
		return false, badValue("%d values for %d attributes", len(values), len(d.Attrs))
	}
	if nulls != nil && len(nulls) != len(d.Attrs) {
		return false, badValue("%d null flags for %d attributes", len(nulls), len(d.Attrs))
	}
	for _, n := range nulls {
		if n {
			return true, nil
		}
	}
	return false, nil
}

// canMakeShort reports whether a plain 4-byte-header datum of n bytes can
// be stored with a 1-byte header instead (VARATT_CAN_MAKE_SHORT).
func canMakeShort(n int) bool { return n-VarHdrSz+VarHdrSzShort <= MaxShortSize }

// dataSize is heap_compute_data_size: the bytes the attributes take after
// t_hoff, alignment included, and the t_infomask bits they imply.
func dataSize(d *Desc, values [][]byte, nulls []bool) (int, uint16, error) {
	off := 0
	var mask uint16
	for i := range d.Attrs {
		if nulls != nil && nulls[i] {
			continue
		}
		a := &d.Attrs[i]
		v := values[i]
		if a.Len > 0 {
			if len(v) != a.Len {
				return 0, 0, badValue("value of %d bytes for attribute %d (%q) of length %d", len(v), i+1, a.Name, a.Len)
			}
			off = alignTo(off, a.alignment()) + a.Len
			continue
		}
		mask |= HasVarWidth
		kind, n, err := VarInfo(v)
		if err != nil {
			return 0, 0, badValue("attribute %d (%q): %s", i+1, a.Name, pgerrMessage(err))
		}
		if n != len(v) {
			return 0, 0, badValue("attribute %d (%q): varlena header says %d bytes, value has %d", i+1, a.Name, n, len(v))
		}
		switch {
		case kind == VarExternal:
			mask |= HasExternal
			off += n
		case kind == VarShort:
			off += n
		case kind == VarPlain && a.Storage != StoragePlain && canMakeShort(n):
			off += n - VarHdrSz + VarHdrSzShort
		default:
			off = alignTo(off, a.alignment()) + n
		}
	}
	return off, mask, nil
}

// fillData is heap_fill_tuple's data part: data is zeroed and as long as
// dataSize said; values were checked by dataSize.
func fillData(data []byte, d *Desc, values [][]byte, nulls []bool) {
	off := 0
	for i := range d.Attrs {
		if nulls != nil && nulls[i] {
			continue
		}
		a := &d.Attrs[i]
		v := values[i]
		if a.Len > 0 {
			off = alignTo(off, a.alignment())
			off += copy(data[off:], v)
			continue
		}
		kind, n, _ := VarInfo(v)
		switch {
		case kind == VarExternal || kind == VarShort:
			off += copy(data[off:], v[:n])
		case kind == VarPlain && a.Storage != StoragePlain && canMakeShort(n):
			short := n - VarHdrSz + VarHdrSzShort
			data[off] = byte(short<<1 | 1)
			copy(data[off+1:], v[VarHdrSz:n])
			off += short
		default:
			off = alignTo(off, a.alignment())
			off += copy(data[off:], v[:n])
		}
	}
}
