package tuple

// Deform splits a tuple into its attribute values, as heap_deform_tuple
// does: one value per attribute of d, a view into tup (nil when null).
// Attributes the tuple does not have (it was formed before columns were
// added) read their missing value (Desc.WithMissing), else null;
// attributes it has beyond d are ignored. Inconsistent
// bytes are an XX001 error, never a panic.
func Deform(d *Desc, tup []byte) ([][]byte, []bool, error) {
	values := make([][]byte, len(d.Attrs))
	nulls := make([]bool, len(d.Attrs))
	if err := DeformInto(d, tup, values, nulls); err != nil {
		return nil, nil, err
	}
	return values, nulls, nil
}

// DeformInto is Deform into caller-owned slices of length d.Natts(), so a
// scan can reuse them from tuple to tuple.
func DeformInto(d *Desc, tup []byte, values [][]byte, nulls []bool) error {
	return DeformPrefix(d, tup, values, nulls, len(d.Attrs))
}

// DeformPrefix is DeformInto of the first n attributes only (a scan that
// reads none past them); values[n:] and nulls[n:] are left as they were.
func DeformPrefix(d *Desc, tup []byte, values [][]byte, nulls []bool, n int) error {
	if len(values) != len(d.Attrs) || len(nulls) != len(d.Attrs) || n > len(d.Attrs) {
		return badValue("deform into %d values and %d nulls for %d attributes", len(values), len(nulls), len(d.Attrs))
	}
	h, err := ReadHeader(tup)
	if err != nil {
		return err
	}
	natts := h.Natts()
	hoff := int(h.Hoff)
	if natts > MaxAttrs {
		return corrupted("tuple has %d attributes, more than %d", natts, MaxAttrs)
	}
	if min := HeaderLen(natts, h.HasNulls()); hoff < min || hoff > len(tup) || hoff%MaxAlign != 0 {
		return corrupted("tuple header length %d is invalid for %d attributes in %d bytes", hoff, natts, len(tup))
	}
	var bits []byte
	if h.HasNulls() {
		bits = tup[offBits : offBits+BitmapLen(natts)]
	}
	// Offsets are relative to t_hoff, which is MAXALIGNed, so aligning
	// them aligns the attribute in memory too.
	data := tup[hoff:]
	off := 0
	have := min(n, natts)
	for i := 0; i < have; i++ {
		if bits != nil && bits[i>>3]&(1<<(i&7)) == 0 {
			values[i], nulls[i] = nil, true
			continue
		}
		a := &d.Attrs[i]
		var n int
		if a.Len > 0 {
			off = alignTo(off, a.alignment())
			n = a.Len
		} else {
			// att_align_pointer: a zero byte is padding before an
			// aligned 4-byte header; anything else starts a datum here.
			if off >= len(data) {
				return attrOverrun(i, off, len(data))
			}
			if data[off] == 0 {
				off = alignTo(off, a.alignment())
			}
			if off >= len(data) {
				return attrOverrun(i, off, len(data))
			}
			_, n, err = VarInfo(data[off:])
			if err != nil {
				return corrupted("attribute %d: %s", i+1, pgerrMessage(err))
			}
		}
		if off+n > len(data) {
			return attrOverrun(i, off+n, len(data))
		}
		values[i], nulls[i] = data[off:off+n:off+n], false
		off += n
	}
	// Attributes added after the tuple was formed.
	for i := have; i < n; i++ {
		if d.missing != nil && d.missing[i] != nil {
			values[i], nulls[i] = d.missing[i], false
		} else {
			values[i], nulls[i] = nil, true
		}
	}
	return nil
}

func attrOverrun(i, end, n int) error {
	return corrupted("attribute %d ends at data offset %d, past the %d bytes of tuple data", i+1, end, n)
}
