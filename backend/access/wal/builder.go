package wal

import (
	"encoding/binary"
	"hash/crc32"

	"ringpg/pgerr"
)

// BlockFlags say how a registered block is to be logged.
type BlockFlags uint8

const (
	// BlockWillInit: redo rebuilds the page from scratch from the record,
	// so no image is ever taken.
	BlockWillInit BlockFlags = 1 << iota
	// BlockStandard: the page has PostgreSQL's layout, so the free space
	// between pd_lower and pd_upper may be left out of an image.
	BlockStandard
	// BlockForceImage: always log a full-page image.
	BlockForceImage
	// BlockNoImage: never log a full-page image (the page is logged
	// another way, or redo does not need it).
	BlockNoImage
)

type blockReg struct {
	id    uint8
	loc   RelFileLocator
	fork  uint8
	block uint32
	flags BlockFlags
	page  []byte // the page as it is now, for a possible image; may be nil
	dlen  int    // block data bytes registered so far

	// decided by assemble
	image            bool
	holeOff, holeLen uint16
}

type dataRef struct {
	id int // block id, or -1 for main data
	p  []byte
}

// maxHeaderBytes bounds the record header plus block headers plus the
// main-data length.
const maxHeaderBytes = RecordHeaderSize + MaxBlocks*28 + 5

// Builder assembles one record at a time. It keeps references to the
// pages and data it is given, not copies: they must stay unchanged until
// Insert returns (the caller holds the pages' content locks meanwhile).
// A Builder reused with Reset allocates nothing once its internal slices
// have grown to the largest record it has built. It is not safe for
// concurrent use; the zero value is ready after Reset.
type Builder struct {
	rmid, info uint8
	xid        uint64
	nblocks    int
	blocks     [MaxBlocks]blockReg
	data       []dataRef
	mainLen    uint64
	err        error

	// assembled by assemble
	hdr      [maxHeaderBytes]byte
	hdrLen   int
	chain    [][]byte
	totLen   uint64
	images   int
	payCRC   uint32
	redoUsed LSN  // the redo point the images were decided against
	pages    bool // some block's image depends on the redo point

	start, end LSN // where the last Insert put the record
}

// misuse reports a builder used against its contract: an internal error.
func misuse(format string, args ...any) error {
	return pgerr.New(pgerr.InternalError, format, args...)
}

// Reset starts a new record for resource manager rmid with the given info
// bits and transaction id (0 for none).
func (b *Builder) Reset(rmid, info uint8, xid uint64) {
	for i := range b.blocks[:b.nblocks] {
		b.blocks[i] = blockReg{}
	}
	for i := range b.data {
		b.data[i] = dataRef{}
	}
	for i := range b.chain {
		b.chain[i] = nil
	}
	b.rmid, b.info, b.xid = rmid, info, xid
	b.nblocks = 0
	b.data = b.data[:0]
	b.chain = b.chain[:0]
	b.mainLen = 0
	b.err = nil
}

// RegisterBlock adds a reference to a block the record changes. page is
// the page's current content (PageSize bytes; nil when no image can be
// needed), from which Insert takes a full-page image when the page has
// not been logged since the last checkpoint's redo point (or when flags
// ask for one). Ids are 0..MaxBlocks-1, each at most once per record.
func (b *Builder) RegisterBlock(id uint8, loc RelFileLocator, fork uint8, block uint32, page []byte, flags BlockFlags) {
	switch {
	case b.err != nil:
		return
	case int(id) >= MaxBlocks:
		b.err = misuse("wal: block id %d out of range", id)
		return
	case fork > maxFork:
		b.err = misuse("wal: invalid fork number %d", fork)
		return
	case page != nil && len(page) != PageSize:
		b.err = misuse("wal: page of %d bytes", len(page))
		return
	case page == nil && flags&BlockForceImage != 0:
		b.err = misuse("wal: image forced without a page")
		return
	}
	for i := range b.blocks[:b.nblocks] {
		if b.blocks[i].id == id {
			b.err = misuse("wal: block id %d registered twice", id)
			return
		}
	}
	b.blocks[b.nblocks] = blockReg{id: id, loc: loc, fork: fork, block: block, flags: flags, page: page}
	b.nblocks++
}

// AppendBlockData adds bytes to the data of registered block id (at most
// 65535 bytes per block).
func (b *Builder) AppendBlockData(id uint8, p []byte) {
	if b.err != nil || len(p) == 0 {
		return
	}
	for i := range b.blocks[:b.nblocks] {
		if b.blocks[i].id == id {
			if b.blocks[i].dlen+len(p) > 0xffff {
				b.err = misuse("wal: more than 65535 bytes of data for block %d", id)
				return
			}
			b.blocks[i].dlen += len(p)
			b.data = append(b.data, dataRef{id: int(id), p: p})
			return
		}
	}
	b.err = misuse("wal: data for unregistered block id %d", id)
}

// AppendData adds bytes to the record's main data.
func (b *Builder) AppendData(p []byte) {
	if b.err != nil || len(p) == 0 {
		return
	}
	b.mainLen += uint64(len(p))
	b.data = append(b.data, dataRef{id: -1, p: p})
}

// pageLSN reads pd_lsn from a standard page.
func pageLSN(p []byte) LSN {
	return LSN(uint64(binary.LittleEndian.Uint32(p[0:]))<<32 | uint64(binary.LittleEndian.Uint32(p[4:])))
}

// assemble lays the record out as a chain of byte slices, deciding which
// blocks get an image from redo (the redo point of the last checkpoint)
// and fpw (full_page_writes), and computes the payload's CRC.
func (b *Builder) assemble(redo LSN, fpw bool) error {
	if b.err != nil {
		return b.err
	}
	// Blocks go out in id order; insertion sort, there are few.
	bl := b.blocks[:b.nblocks]
	for i := 1; i < len(bl); i++ {
		for j := i; j > 0 && bl[j].id < bl[j-1].id; j-- {
			bl[j], bl[j-1] = bl[j-1], bl[j]
		}
	}
	b.redoUsed = redo
	b.pages = false
	b.images = 0
	h := b.hdr[:]
	n := RecordHeaderSize
	payload := uint64(0)
	var prevLoc RelFileLocator
	for i := range bl {
		r := &bl[i]
		r.image = false
		r.holeOff, r.holeLen = 0, 0
		if r.page != nil && r.flags&(BlockWillInit|BlockNoImage) == 0 {
			b.pages = true
			r.image = r.flags&BlockForceImage != 0 || (fpw && pageLSN(r.page) <= redo)
		}
		ff := r.fork
		if r.image {
			ff |= bkpHasImage
			b.images++
			if r.flags&BlockStandard != 0 {
				lower := binary.LittleEndian.Uint16(r.page[12:])
				upper := binary.LittleEndian.Uint16(r.page[14:])
				if lower >= 24 && lower <= upper && upper <= PageSize {
					r.holeOff, r.holeLen = lower, upper-lower
					if r.holeLen == 0 {
						r.holeOff = 0
					}
				}
			}
		}
		if r.dlen > 0 {
			ff |= bkpHasData
		}
		if r.flags&BlockWillInit != 0 {
			ff |= bkpWillInit
		}
		sameRel := i > 0 && r.loc == prevLoc
		if sameRel {
			ff |= bkpSameRel
		}
		h[n] = r.id
		h[n+1] = ff
		binary.LittleEndian.PutUint16(h[n+2:], uint16(r.dlen))
		n += 4
		if r.image {
			binary.LittleEndian.PutUint16(h[n:], uint16(PageSize-int(r.holeLen)))
			binary.LittleEndian.PutUint16(h[n+2:], r.holeOff)
			n += 4
			payload += uint64(PageSize - int(r.holeLen))
		}
		if !sameRel {
			binary.LittleEndian.PutUint32(h[n:], r.loc.Spc)
			binary.LittleEndian.PutUint32(h[n+4:], r.loc.DB)
			binary.LittleEndian.PutUint32(h[n+8:], r.loc.Rel)
			n += 12
			prevLoc = r.loc
		}
		binary.LittleEndian.PutUint32(h[n:], r.block)
		n += 4
		payload += uint64(r.dlen)
	}
	if b.mainLen > 0 {
		h[n] = mainDataMarker
		binary.LittleEndian.PutUint32(h[n+1:], uint32(b.mainLen))
		n += 5
		payload += b.mainLen
	}
	b.hdrLen = n
	b.totLen = uint64(n) + payload
	if b.totLen > MaxRecordSize {
		return pgerr.New(pgerr.ProgramLimitExceeded, "oversized WAL record").
			WithDetail("WAL record would be %d bytes (of maximum %d bytes); rmid %d flags %d.", b.totLen, MaxRecordSize, b.rmid, b.info)
	}
	b.chain = append(b.chain[:0], h[:n])
	for i := range bl {
		r := &bl[i]
		if r.image {
			ho, hl := int(r.holeOff), int(r.holeLen)
			if hl == 0 {
				b.chain = append(b.chain, r.page)
			} else {
				b.chain = append(b.chain, r.page[:ho], r.page[ho+hl:])
			}
		}
		for _, d := range b.data {
			if d.id == int(r.id) {
				b.chain = append(b.chain, d.p)
			}
		}
	}
	for _, d := range b.data {
		if d.id == -1 {
			b.chain = append(b.chain, d.p)
		}
	}
	c := crc32.Update(0, castagnoli, h[RecordHeaderSize:n])
	for _, p := range b.chain[1:] {
		c = crc32.Update(c, castagnoli, p)
	}
	b.payCRC = c
	return nil
}
