package tuple

import (
	"encoding/binary"
	"sync/atomic"
	"unsafe"
)

// Byte offsets of the header fields (see the package documentation).
const (
	offXmin      = 0
	offXmax      = 8
	offCid       = 16
	offCtidBlock = 20
	offCtidOff   = 24
	offInfomask2 = 26
	offInfomask  = 28
	offHoff      = 30
	offBits      = 31
)

// HeaderSize is the size of the fixed part of the header, before the null
// bitmap (SizeofHeapTupleHeader).
const HeaderSize = offBits

// MaxAlign is the alignment of a tuple and of its data (MAXIMUM_ALIGNOF).
const MaxAlign = 8

// MaxAttrs is the most attributes a tuple can have
// (MaxTupleAttributeNumber); a table may have at most MaxHeapAttrs.
const (
	MaxAttrs     = 1664
	MaxHeapAttrs = 1600
)

// t_infomask2 bits.
const (
	NattsMask   uint16 = 0x07FF // number of attributes
	KeysUpdated uint16 = 0x2000 // deleted, or updated with a key column changed
	HotUpdated  uint16 = 0x4000 // updated, and the new version is heap-only on this page
	HeapOnly    uint16 = 0x8000 // heap-only tuple: no index entry points at it
)

// t_infomask bits, with PostgreSQL's values.
const (
	HasNull       uint16 = 0x0001 // has a null bitmap
	HasVarWidth   uint16 = 0x0002 // has a varlena attribute
	HasExternal   uint16 = 0x0004 // has an external (TOAST) varlena
	XmaxKeyShr    uint16 = 0x0010 // xmax holds a FOR KEY SHARE lock
	ComboCid      uint16 = 0x0020 // reserved: t_cid is a combo cid (not used yet)
	XmaxExcl      uint16 = 0x0040 // xmax holds an exclusive lock
	XmaxLockOnly  uint16 = 0x0080 // xmax is a locker only, not a deleter or updater
	XminCommitted uint16 = 0x0100 // hint: xmin committed
	XminInvalid   uint16 = 0x0200 // hint: xmin aborted
	XmaxCommitted uint16 = 0x0400 // hint: xmax committed
	XmaxInvalid   uint16 = 0x0800 // hint: xmax aborted, or no xmax
	XmaxIsMulti   uint16 = 0x1000 // reserved: xmax is a MultiXactId (not used yet)
	Updated       uint16 = 0x2000 // this version was made by an UPDATE

	// XmaxShr is a FOR SHARE lock: both lock bits.
	XmaxShr = XmaxKeyShr | XmaxExcl
	// LockMask is the lock strength bits of xmax.
	LockMask = XmaxShr
	// HintMask is the bits a reader may set under a shared lock: they
	// record transaction outcomes that anyone could look up again, so
	// losing one costs only a lookup.
	HintMask = XminCommitted | XminInvalid | XmaxCommitted | XmaxInvalid
	// XmaxBits is everything that describes xmax; cleared whenever xmax
	// is replaced.
	XmaxBits = XmaxCommitted | XmaxInvalid | XmaxIsMulti | LockMask | XmaxLockOnly
)

// Header is a decoded tuple header. It is a copy: changing it changes no
// stored tuple until Put writes it back.
type Header struct {
	Xmin      uint64
	Xmax      uint64
	Cid       uint32 // cmin, or cmax once Xmax deletes or updates (see the package doc)
	Ctid      TID
	Infomask2 uint16
	Infomask  uint16
	Hoff      uint8
}

// ReadHeader decodes the header at the start of tup. It checks only that
// the fixed part is there; Check validates the rest.
func ReadHeader(tup []byte) (Header, error) {
	if len(tup) < HeaderSize {
		return Header{}, corrupted("tuple of %d bytes is shorter than its header (%d bytes)", len(tup), HeaderSize)
	}
	return readHeader(tup), nil
}

// readHeader decodes a header whose fixed part the caller knows is there.
func readHeader(tup []byte) Header {
	_ = tup[HeaderSize-1]
	return Header{
		Xmin:      binary.LittleEndian.Uint64(tup[offXmin:]),
		Xmax:      binary.LittleEndian.Uint64(tup[offXmax:]),
		Cid:       binary.LittleEndian.Uint32(tup[offCid:]),
		Ctid:      TID{Block: binary.LittleEndian.Uint32(tup[offCtidBlock:]), Offset: binary.LittleEndian.Uint16(tup[offCtidOff:])},
		Infomask2: binary.LittleEndian.Uint16(tup[offInfomask2:]),
		Infomask:  binary.LittleEndian.Uint16(tup[offInfomask:]),
		Hoff:      tup[offHoff],
	}
}

// Put writes h into the fixed part of tup's header. The caller may change
// a stored tuple only under the exclusive lock of its page, and must not
// change Hoff or the attribute count of a formed tuple.
func (h *Header) Put(tup []byte) {
	_ = tup[HeaderSize-1]
	binary.LittleEndian.PutUint64(tup[offXmin:], h.Xmin)
	binary.LittleEndian.PutUint64(tup[offXmax:], h.Xmax)
	binary.LittleEndian.PutUint32(tup[offCid:], h.Cid)
	binary.LittleEndian.PutUint32(tup[offCtidBlock:], h.Ctid.Block)
	binary.LittleEndian.PutUint16(tup[offCtidOff:], h.Ctid.Offset)
	binary.LittleEndian.PutUint16(tup[offInfomask2:], h.Infomask2)
	binary.LittleEndian.PutUint16(tup[offInfomask:], h.Infomask)
	tup[offHoff] = h.Hoff
}

// Natts returns the number of attributes stored in the tuple.
func (h *Header) Natts() int { return int(h.Infomask2 & NattsMask) }

// IsHeapOnly reports HEAP_ONLY_TUPLE: no index entry points at this
// version; it is reached through the HOT chain from its root.
func (h *Header) IsHeapOnly() bool { return h.Infomask2&HeapOnly != 0 }

// IsHotUpdated reports HEAP_HOT_UPDATED: the next version is heap-only on
// the same page. Like PostgreSQL's macro it is false once the updater is
// known to have aborted.
func (h *Header) IsHotUpdated() bool {
	return h.Infomask2&HotUpdated != 0 && h.Infomask&XmaxInvalid == 0
}

// XmaxIsLockOnly reports whether xmax (if any) only locks the version
// (HEAP_XMAX_IS_LOCKED_ONLY): the lock-only bit, or the exclusive lock bit
// alone, which is how PostgreSQL before 9.3 wrote FOR UPDATE.
func (h *Header) XmaxIsLockOnly() bool {
	return h.Infomask&XmaxLockOnly != 0 || h.Infomask&(XmaxIsMulti|LockMask) == XmaxExcl
}

// UpdateXid returns the transaction that deleted or updated this version,
// or 0 when xmax is invalid or only a lock (HeapTupleHeaderGetUpdateXid).
func (h *Header) UpdateXid() uint64 {
	if h.Infomask&XmaxInvalid != 0 || h.XmaxIsLockOnly() {
		return 0
	}
	return h.Xmax
}

// HasNulls reports whether the tuple has a null bitmap.
func (h *Header) HasNulls() bool { return h.Infomask&HasNull != 0 }

// HasExternal reports whether some attribute is an external TOAST pointer.
func (h *Header) HasExternal() bool { return h.Infomask&HasExternal != 0 }

// SetHints ORs the hint bits of bits (others are ignored) into the
// t_infomask of a stored tuple. It is what a reader holding only a shared
// lock on the page may change: the OR is atomic on the 32-bit word
// holding t_infomask, so concurrent hinters never lose each other's bits,
// and it never races with other header changes, which need the exclusive
// lock. It reports whether anything changed (the page is then dirty).
func SetHints(tup []byte, bits uint16) bool {
	bits &= HintMask
	if bits == 0 || len(tup) < HeaderSize {
		return false
	}
	if binary.LittleEndian.Uint16(tup[offInfomask:])&bits == bits {
		return false
	}
	p := unsafe.Pointer(&tup[offInfomask])
	if uintptr(p)%4 != 0 {
		// Only a misaligned private copy gets here; nobody shares it.
		binary.LittleEndian.PutUint16(tup[offInfomask:], binary.LittleEndian.Uint16(tup[offInfomask:])|bits)
		return true
	}
	// Little-endian: t_infomask is the low half of the word.
	atomic.OrUint32((*uint32)(p), uint32(bits))
	return true
}

// HeaderLen returns t_hoff for a tuple of natts attributes, with a null
// bitmap if hasNulls: the fixed header and bitmap, MAXALIGNed.
func HeaderLen(natts int, hasNulls bool) int {
	n := HeaderSize
	if hasNulls {
		n += BitmapLen(natts)
	}
	return alignTo(n, MaxAlign)
}

// BitmapLen returns the size of the null bitmap of natts attributes.
func BitmapLen(natts int) int { return (natts + 7) / 8 }

func alignTo(n, a int) int { return (n + a - 1) &^ (a - 1) }
