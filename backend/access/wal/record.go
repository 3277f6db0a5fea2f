package wal

import (
	"encoding/binary"
	"fmt"
)

// Record is one decoded WAL record. Its slices point into the reader's
// buffer and are valid until the reader's next call.
type Record struct {
	LSN    LSN // where the record starts
	EndLSN LSN // where the next record may start (8-byte aligned)
	Prev   LSN // the previous record's LSN
	Xid    uint64
	RmID   uint8
	Info   uint8
	TotLen uint32

	Blocks   []BlockRef // in increasing ID order
	MainData []byte

	blocks [MaxBlocks]BlockRef
}

// BlockRef is one block reference of a decoded record.
type BlockRef struct {
	ID       uint8
	Locator  RelFileLocator
	Fork     uint8
	Block    uint32
	WillInit bool // redo initialises the page from scratch

	// Image is the stored page image, without its hole; HasImage says
	// whether there is one (RestorePage rebuilds the page).
	HasImage   bool
	Image      []byte
	HoleOffset uint16
	HoleLength uint16

	Data []byte // block data (nil when none)
}

// RestorePage writes the full PageSize page the image describes into dst
// (len(dst) >= PageSize), zeros in the hole. It reports false when the
// block has no image.
func (b *BlockRef) RestorePage(dst []byte) bool {
	if !b.HasImage {
		return false
	}
	dst = dst[:PageSize]
	h, n := int(b.HoleOffset), int(b.HoleLength)
	copy(dst[:h], b.Image[:h])
	clear(dst[h : h+n])
	copy(dst[h+n:], b.Image[h:])
	return true
}

// Block returns the reference with the given id, or nil.
func (r *Record) Block(id uint8) *BlockRef {
	for i := range r.Blocks {
		if r.Blocks[i].ID == id {
			return &r.Blocks[i]
		}
	}
	return nil
}

// decodeBody fills r's block references and main data from the bytes of
// a whole record whose CRC has been checked. A CRC only proves the bytes
// are what some writer wrote, so every length is still checked.
func (r *Record) decodeBody(rec []byte) error {
	body := rec[RecordHeaderSize:]
	p := 0
	need := func(n int) bool { return len(body)-p >= n }
	r.Blocks = r.blocks[:0]
	r.MainData = nil
	var payload uint64
	var mainLen uint64
	var prevLoc RelFileLocator
	haveLoc := false
	lastID := -1
	var imgLens, dataLens [MaxBlocks]int
	// Headers go on until what is left is exactly the payload they
	// announced.
	for uint64(len(body)-p) > payload {
		id := body[p]
		if id == mainDataMarker {
			if !need(5) {
				return fmt.Errorf("record with invalid length at %s", r.LSN)
			}
			mainLen = uint64(binary.LittleEndian.Uint32(body[p+1:]))
			payload += mainLen
			p += 5
			break
		}
		if int(id) >= MaxBlocks || int(id) <= lastID {
			return fmt.Errorf("out-of-order block_id %d at %s", id, r.LSN)
		}
		lastID = int(id)
		if !need(4) {
			return fmt.Errorf("record with invalid length at %s", r.LSN)
		}
		ff := body[p+1]
		b := BlockRef{ID: id, Fork: ff & bkpForkMask, WillInit: ff&bkpWillInit != 0}
		if b.Fork > maxFork {
			return fmt.Errorf("invalid fork number %d at %s", b.Fork, r.LSN)
		}
		dataLen := binary.LittleEndian.Uint16(body[p+2:])
		if (ff&bkpHasData != 0) != (dataLen != 0) {
			return fmt.Errorf("BKPBLOCK_HAS_DATA set, but no data included at %s", r.LSN)
		}
		p += 4
		var imgLen uint16
		if ff&bkpHasImage != 0 {
			if !need(4) {
				return fmt.Errorf("record with invalid length at %s", r.LSN)
			}
			imgLen = binary.LittleEndian.Uint16(body[p:])
			b.HoleOffset = binary.LittleEndian.Uint16(body[p+2:])
			p += 4
			if imgLen == 0 || imgLen > PageSize {
				return fmt.Errorf("invalid image length %d at %s", imgLen, r.LSN)
			}
			b.HoleLength = PageSize - imgLen
			if (b.HoleLength == 0 && b.HoleOffset != 0) || int(b.HoleOffset)+int(b.HoleLength) > PageSize {
				return fmt.Errorf("invalid hole offset %d length %d at %s", b.HoleOffset, b.HoleLength, r.LSN)
			}
			b.HasImage = true
		}
		if ff&bkpSameRel != 0 {
			if !haveLoc {
				return fmt.Errorf("BKPBLOCK_SAME_REL set but no previous rel at %s", r.LSN)
			}
			b.Locator = prevLoc
		} else {
			if !need(12) {
				return fmt.Errorf("record with invalid length at %s", r.LSN)
			}
			b.Locator = RelFileLocator{
				Spc: binary.LittleEndian.Uint32(body[p:]),
				DB:  binary.LittleEndian.Uint32(body[p+4:]),
				Rel: binary.LittleEndian.Uint32(body[p+8:]),
			}
			p += 12
			prevLoc, haveLoc = b.Locator, true
		}
		if !need(4) {
			return fmt.Errorf("record with invalid length at %s", r.LSN)
		}
		b.Block = binary.LittleEndian.Uint32(body[p:])
		p += 4
		payload += uint64(imgLen) + uint64(dataLen)
		imgLens[len(r.Blocks)], dataLens[len(r.Blocks)] = int(imgLen), int(dataLen)
		r.Blocks = append(r.Blocks, b)
	}
	if uint64(len(body)-p) != payload {
		return fmt.Errorf("record with invalid length at %s", r.LSN)
	}
	for i := range r.Blocks {
		b := &r.Blocks[i]
		n := imgLens[i]
		if b.HasImage {
			b.Image = body[p : p+n : p+n]
		}
		p += n
		n = dataLens[i]
		if n > 0 {
			b.Data = body[p : p+n : p+n]
		} else {
			b.Data = nil
		}
		p += n
	}
	if mainLen > 0 {
		r.MainData = body[p:]
	}
	return nil
}
