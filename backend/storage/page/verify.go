package page

import "slices"

// Verify checks a page just read from disk, as PageIsVerifiedExtended
// does with data checksums on: an initialised page must carry the right
// checksum for block blkno and a sane header (flags, and pd_lower <=
// pd_upper <= pd_special <= Size with pd_special MAXALIGNed); an all-zero
// page is valid. The error is an XX001 *pgerr.Error saying what failed;
// the caller adds the relation ("invalid page in block %d of relation
// %s"). It never panics and does not look at the line pointers (Check
// does).
func (p Page) Verify(blkno uint32) error {
	return p.verify(blkno, true)
}

// VerifyHeader is Verify for a cluster without data checksums: header
// sanity only.
func (p Page) VerifyHeader() error {
	return p.verify(0, false)
}

func (p Page) verify(blkno uint32, checksums bool) error {
	if len(p) != Size {
		return corrupted("page verification failed, page is %d bytes, not %d", len(p), Size)
	}
	if !p.IsNew() {
		var want uint16
		if checksums {
			want = p.Checksum(blkno)
		}
		checksumOK := !checksums || want == p.StoredChecksum()
		headerOK := p.Flags()&^validFlags == 0 && p.headerPointersSane()
		if checksumOK && headerOK {
			return nil
		}
		if !checksumOK {
			return corrupted("page verification failed, calculated checksum %d but expected %d",
				want, p.StoredChecksum())
		}
		if !headerOK {
			return corrupted("page verification failed, corrupted page header: lower = %d, upper = %d, special = %d, flags = 0x%04x",
				p.Lower(), p.Upper(), p.SpecialOffset(), p.Flags())
		}
		return nil
	}
	if p.allZero() {
		return nil
	}
	return corrupted("page verification failed, page is not initialized but is not all zeroes")
}

// headerPointersSane is the header test of PageIsVerifiedExtended, which
// unlike pointersSane does not require pd_lower to clear the header.
func (p Page) headerPointersSane() bool {
	lower, upper, special := p.Lower(), p.Upper(), p.SpecialOffset()
	return lower <= upper && upper <= special && special <= Size && special == MaxAlign(special)
}

func (p Page) allZero() bool {
	for _, b := range p[:Size] {
		if b != 0 {
			return false
		}
	}
	return true
}

// CheckHeader is the header part of Check: the size and layout version,
// the flags and the space pointers. It suits pages that keep their own
// contents below pd_lower instead of line pointers, such as an index
// metapage (PostgreSQL sets pd_lower past the metadata so that it is not
// taken for free space). It never panics.
func (p Page) CheckHeader() error {
	if len(p) != Size {
		return corrupted("page is %d bytes, not %d", len(p), Size)
	}
	if p.IsNew() {
		if p.allZero() {
			return nil
		}
		return corrupted("page is not initialized (pd_upper = 0) but is not all zeroes")
	}
	if v := p.PageSizeVersion(); v != Size|LayoutVersion {
		return corrupted("page size and layout version 0x%04x, want 0x%04x", v, Size|LayoutVersion)
	}
	if f := p.Flags(); f&^validFlags != 0 {
		return corrupted("invalid page flags 0x%04x", f)
	}
	if !p.pointersSane() || (p.Lower()-HeaderSize)%ItemIDSize != 0 {
		return p.corruptPointers()
	}
	return nil
}

// Check tests every structural invariant of the page (see the package
// documentation) and returns the first violation as an XX001 *pgerr.Error,
// or nil. It is meant for tests and verifiers: unlike Verify it walks
// every line pointer and looks for overlapping items. It never panics.
func (p Page) Check() error {
	if err := p.CheckHeader(); err != nil || p.IsNew() {
		return err
	}
	upper, special := p.Upper(), p.SpecialOffset()
	maxOff := p.MaxOffset()

	// Items with storage, as start<<16 | offset number, sorted by start
	// below to find overlaps. A stack array keeps Check allocation-free.
	var spans [MaxItemsPerPage]uint32
	n := 0
	for o := FirstOffset; o <= maxOff; o++ {
		lpOff, lpLen, f := unpackItemID(p.rawItemID(o))
		switch f {
		case Unused:
			if lpOff != 0 || lpLen != 0 {
				return corrupted("unused line pointer %d has storage: offset = %d, size = %d", o, lpOff, lpLen)
			}
			continue
		case Redirect:
			// As amcheck's heap checks: the target exists and is in use.
			to := OffsetNumber(lpOff)
			if lpLen != 0 || to == InvalidOffset || to > maxOff || to == o {
				return corrupted("redirect line pointer %d is invalid: target = %d, size = %d", o, lpOff, lpLen)
			}
			if _, _, tf := unpackItemID(p.rawItemID(to)); tf == Unused {
				return corrupted("line pointer redirection to unused item at offset %d", to)
			}
			continue
		case Normal:
			if lpLen == 0 {
				return corrupted("normal line pointer %d has no storage", o)
			}
		case Dead:
			if lpLen == 0 {
				if lpOff != 0 {
					return corrupted("dead line pointer %d has offset %d but no storage", o, lpOff)
				}
				continue
			}
		}
		if lpOff < upper || lpOff+lpLen > special || lpOff != MaxAlign(lpOff) {
			return corrupted("corrupted line pointer %d: offset = %d, size = %d", o, lpOff, lpLen)
		}
		spans[n] = uint32(lpOff)<<16 | uint32(o)
		n++
	}
	slices.Sort(spans[:n])
	end := upper
	for _, s := range spans[:n] {
		o := OffsetNumber(s & 0xffff)
		lpOff, lpLen, _ := unpackItemID(p.rawItemID(o))
		if lpOff < end {
			return corrupted("item %d (offset = %d, size = %d) overlaps the item before it", o, lpOff, lpLen)
		}
		end = lpOff + lpLen
	}
	return nil
}
