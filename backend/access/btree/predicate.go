package btree

import "ringpg/backend/storage/bufmgr"

// Predicate is told which leaf pages readers visit and writers change, for
// serializable isolation (package predicate, through the executor): a
// reader's SIREAD lock on each leaf page it reads, even one where it
// found nothing, is what makes a later insertion into its key range a
// rw-conflict. nil in Options: nobody listens.
type Predicate interface {
	// ReadPage is called for every leaf page a scan or lookup reads.
	ReadPage(rel bufmgr.RelFork, blk uint32) error
	// InsertPage is called before an entry goes into leaf blk (the
	// first page its key can be on), with the page locked.
	InsertPage(rel bufmgr.RelFork, blk uint32) error
	// SplitPage is called when leaf left splits into left and right,
	// both locked, before either changes.
	SplitPage(rel bufmgr.RelFork, left, right uint32) error
}

func (ix *Index) predRead(blk uint32) error {
	if p := ix.opts.Pred; p != nil {
		return p.ReadPage(ix.rel, blk)
	}
	return nil
}
