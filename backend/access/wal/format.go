package wal

import (
	"encoding/binary"
	"hash/crc32"
)

// The on-disk format. Everything is little-endian.
//
// A WAL page (PageSize bytes) starts with a header:
//
//	0  magic     uint16  PageMagic
//	2  info      uint16  pageFirstIsCont, pageLongHeader
//	4  timeline  uint32  always 1
//	8  pageaddr  uint64  the LSN of the page's first byte
//	16 remLen    uint32  bytes of a record continued from earlier pages that
//	                     remain when this page begins (with pageFirstIsCont)
//	20 (zero)    uint32
//
// and the first page of a segment has a long header, which adds:
//
//	24 sysid     uint64  system identifier (0 when none is set)
//	32 segSize   uint32
//	36 pageSize  uint32
//
// Records follow, each starting at an 8-byte-aligned LSN, with zero
// padding between them; a record may run across pages and segments, its
// bytes continuing after the next page's header. A record is:
//
//	0  totLen    uint32  header, block headers and all payload
//	4  xid       uint64  transaction id, 0 for none
//	12 prev      uint64  LSN of the previous record
//	20 info      uint8   resource-manager specific
//	21 rmid      uint8   resource manager
//	22 (zero)    uint16
//	24 crc       uint32  CRC-32C of bytes 28..totLen, then of bytes 0..24
//
// then the block headers, in increasing block id order:
//
//	id        uint8   0..MaxBlocks-1
//	forkFlags uint8   fork in the low 4 bits, then bkpHasImage,
//	                  bkpHasData, bkpWillInit, bkpSameRel
//	dataLen   uint16  bytes of block data (0 without bkpHasData)
//	with bkpHasImage: imageLen uint16, holeOffset uint16 (the hole is
//	                  PageSize-imageLen bytes of zeros at holeOffset)
//	without bkpSameRel: spcOid, dbOid, relNumber uint32 (else the previous
//	                  block's relation)
//	block     uint32
//
// then, when there is main data, mainDataMarker and its length (uint32);
// then each block's image and data in block order, then the main data.
const (
	PageSize = 8192 // WAL page size, also the relation page size an image holds

	PageMagic = 0xD110 // PostgreSQL 15's XLOG_PAGE_MAGIC

	shortHeaderSize = 24
	longHeaderSize  = 40

	pageFirstIsCont = 0x0001 // the page begins with the rest of a record
	pageLongHeader  = 0x0002 // the long header, first page of a segment
	pageInfoMask    = pageFirstIsCont | pageLongHeader

	// RecordHeaderSize is the fixed part of every record.
	RecordHeaderSize = 28

	// MaxBlocks bounds the block references of one record.
	MaxBlocks = 32

	// MaxRecordSize bounds totLen; a longer record is refused on insert and
	// read as the end of the WAL.
	MaxRecordSize = 1 << 30

	bkpForkMask = 0x0f
	bkpHasImage = 0x10
	bkpHasData  = 0x20
	bkpWillInit = 0x40
	bkpSameRel  = 0x80

	mainDataMarker = 0xff

	// DefaultSegmentSize is PostgreSQL's wal_segment_size.
	DefaultSegmentSize = 16 << 20
	minSegmentSize     = 1 << 20
	maxSegmentSize     = 1 << 30
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// RelFileLocator names a relation file: tablespace, database and
// relation number, as in PostgreSQL.
type RelFileLocator struct {
	Spc, DB, Rel uint32
}

// Fork numbers, as PostgreSQL's.
const (
	MainFork = 0
	FSMFork  = 1
	VMFork   = 2
	InitFork = 3
	maxFork  = InitFork
)

// pageHeader is a decoded WAL page header.
type pageHeader struct {
	magic    uint16
	info     uint16
	timeline uint32
	addr     LSN
	remLen   uint32
	// long header only
	sysid    uint64
	segSize  uint32
	pageSize uint32
}

func putPageHeader(b []byte, h *pageHeader) {
	binary.LittleEndian.PutUint16(b[0:], h.magic)
	binary.LittleEndian.PutUint16(b[2:], h.info)
	binary.LittleEndian.PutUint32(b[4:], h.timeline)
	binary.LittleEndian.PutUint64(b[8:], uint64(h.addr))
	binary.LittleEndian.PutUint32(b[16:], h.remLen)
	binary.LittleEndian.PutUint32(b[20:], 0)
	if h.info&pageLongHeader != 0 {
		binary.LittleEndian.PutUint64(b[24:], h.sysid)
		binary.LittleEndian.PutUint32(b[32:], h.segSize)
		binary.LittleEndian.PutUint32(b[36:], h.pageSize)
	}
}

func getPageHeader(b []byte) pageHeader {
	h := pageHeader{
		magic:    binary.LittleEndian.Uint16(b[0:]),
		info:     binary.LittleEndian.Uint16(b[2:]),
		timeline: binary.LittleEndian.Uint32(b[4:]),
		addr:     LSN(binary.LittleEndian.Uint64(b[8:])),
		remLen:   binary.LittleEndian.Uint32(b[16:]),
	}
	if h.info&pageLongHeader != 0 {
		h.sysid = binary.LittleEndian.Uint64(b[24:])
		h.segSize = binary.LittleEndian.Uint32(b[32:])
		h.pageSize = binary.LittleEndian.Uint32(b[36:])
	}
	return h
}

// recordHeader is the fixed part of a record.
type recordHeader struct {
	totLen uint32
	xid    uint64
	prev   LSN
	info   uint8
	rmid   uint8
	crc    uint32
}

func putRecordHeader(b []byte, h *recordHeader) {
	binary.LittleEndian.PutUint32(b[0:], h.totLen)
	binary.LittleEndian.PutUint64(b[4:], h.xid)
	binary.LittleEndian.PutUint64(b[12:], uint64(h.prev))
	b[20] = h.info
	b[21] = h.rmid
	b[22], b[23] = 0, 0
	binary.LittleEndian.PutUint32(b[24:], h.crc)
}

func getRecordHeader(b []byte) (recordHeader, bool) {
	h := recordHeader{
		totLen: binary.LittleEndian.Uint32(b[0:]),
		xid:    binary.LittleEndian.Uint64(b[4:]),
		prev:   LSN(binary.LittleEndian.Uint64(b[12:])),
		info:   b[20],
		rmid:   b[21],
		crc:    binary.LittleEndian.Uint32(b[24:]),
	}
	return h, b[22] == 0 && b[23] == 0
}

// recordCRC computes a record's CRC from its full bytes.
func recordCRC(rec []byte) uint32 {
	c := crc32.Update(0, castagnoli, rec[RecordHeaderSize:])
	return crc32.Update(c, castagnoli, rec[:24])
}

func maxAlign(n uint64) uint64 { return (n + 7) &^ 7 }
