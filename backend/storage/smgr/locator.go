package smgr

import (
	"strconv"
)

// Sizes of the on-disk layout.
const (
	BlockSize     = 8192
	SegmentBlocks = 131072 // RELSEG_SIZE: 1 GiB segments
)

// InvalidBlock is no block (InvalidBlockNumber); a fork can never reach it.
const InvalidBlock = ^uint32(0)

// Well-known tablespace OIDs.
const (
	DefaultTablespace = 1663 // pg_default: base/
	GlobalTablespace  = 1664 // pg_global: global/
)

// tablespaceVersionDir is the per-version directory inside a tablespace
// (TABLESPACE_VERSION_DIRECTORY of PostgreSQL 15).
const tablespaceVersionDir = "PG_15_202209061"

// RelFileLocator names the files of one relation: tablespace, database
// (0 for shared relations) and relation file number.
type RelFileLocator struct{ Spc, DB, Rel uint32 }

// Fork is one of a relation's files.
type Fork uint8

// The forks, numbered as PostgreSQL's ForkNumber.
const (
	Main Fork = iota // the data
	FSM              // free space map
	VM               // visibility map
	Init             // initial contents of an unlogged relation
	numForks
)

var forkSuffix = [numForks]string{"", "_fsm", "_vm", "_init"}

// String returns the fork's name as PostgreSQL spells it ("main", "fsm",
// "vm", "init").
func (f Fork) String() string {
	switch f {
	case Main:
		return "main"
	case FSM:
		return "fsm"
	case VM:
		return "vm"
	case Init:
		return "init"
	}
	return "fork" + strconv.Itoa(int(f))
}

// dir returns the directory holding r's files, relative to the data
// directory.
func (r RelFileLocator) dir() string {
	switch r.Spc {
	case GlobalTablespace:
		return "global"
	case DefaultTablespace:
		return "base/" + strconv.FormatUint(uint64(r.DB), 10)
	}
	return "pg_tblspc/" + strconv.FormatUint(uint64(r.Spc), 10) + "/" + tablespaceVersionDir + "/" +
		strconv.FormatUint(uint64(r.DB), 10)
}

// Path returns the path of fork f of r relative to the data directory, as
// PostgreSQL's relpath() does ("base/5/16384_fsm"); it is how errors name
// a relation's file.
func (r RelFileLocator) Path(f Fork) string {
	return r.dir() + "/" + strconv.FormatUint(uint64(r.Rel), 10) + f.suffix()
}

func (f Fork) suffix() string {
	if f < numForks {
		return forkSuffix[f]
	}
	return "_" + f.String()
}

// segPath is the path of segment seg of fork f.
func (r RelFileLocator) segPath(f Fork, seg uint32) string {
	if seg == 0 {
		return r.Path(f)
	}
	return r.Path(f) + "." + strconv.FormatUint(uint64(seg), 10)
}

func (r RelFileLocator) String() string {
	return strconv.FormatUint(uint64(r.Spc), 10) + "/" + strconv.FormatUint(uint64(r.DB), 10) + "/" +
		strconv.FormatUint(uint64(r.Rel), 10)
}
