package btree

import (
	"encoding/binary"

	"ringpg/backend/storage/page"
)

// The metapage is block 0. Its contents follow the page header (as
// PostgreSQL's BTMetaPageData does), and pd_lower is set past them so
// that they are not taken for free space:
//
//	24 magic     uint32  metaMagic
//	28 version   uint32  metaVersion
//	32 root      uint32  root page
//	36 level     uint32  the root's level
//	40 fastroot  uint32  = root (no fast root is kept)
//	44 fastlevel uint32  = level
//
// Its special space is a normal opaque area with flagMeta set.
const (
	metaBlock   uint32 = 0
	metaMagic   uint32 = 0x52504254 // "TBPR"
	metaVersion uint32 = 1

	metaOff      = page.HeaderSize
	metaMagicAt  = metaOff + 0
	metaVerAt    = metaOff + 4
	metaRootAt   = metaOff + 8
	metaLevelAt  = metaOff + 12
	metaFastAt   = metaOff + 16
	metaFastLvAt = metaOff + 20
	metaEnd      = metaOff + 24
)

type meta struct{ page.Page }

func (m meta) u32(off int) uint32    { return binary.LittleEndian.Uint32(m.Page[off:]) }
func (m meta) put(off int, v uint32) { binary.LittleEndian.PutUint32(m.Page[off:], v) }
func (m meta) magic() uint32         { return m.u32(metaMagicAt) }
func (m meta) version() uint32       { return m.u32(metaVerAt) }
func (m meta) root() uint32          { return m.u32(metaRootAt) }
func (m meta) level() uint32         { return m.u32(metaLevelAt) }
func (m meta) valid() bool           { return m.magic() == metaMagic && m.version() == metaVersion }
func (m meta) setRoot(blk, level uint32) {
	m.put(metaRootAt, blk)
	m.put(metaLevelAt, level)
	m.put(metaFastAt, blk)
	m.put(metaFastLvAt, level)
}

// initMeta formats p as a metapage naming root at level.
func initMeta(p []byte, root, level uint32) {
	n := initNode(p, 0, flagMeta, noBlock, noBlock)
	m := meta{n.Page}
	m.put(metaMagicAt, metaMagic)
	m.put(metaVerAt, metaVersion)
	m.setRoot(root, level)
	// pd_lower past the metadata, as PostgreSQL does for its metapage.
	binary.LittleEndian.PutUint16(m.Page[12:], metaEnd)
}
