package smgr

import (
	"golang.org/x/sys/unix"
)

// segKey names one segment file.
type segKey struct {
	rel  RelFileLocator
	fork Fork
	seg  uint32
}

// openFile is a cached descriptor, on the cache's LRU list.
type openFile struct {
	key        segKey
	fd         int
	prev, next *openFile // LRU list: head is most recently used
	gen        uint64    // Manager.gen when last used; not evicted during that operation
}

// fileCache keeps open descriptors of segment files, at most max of them
// (more only while one operation needs them all), evicting the least
// recently used. Invariant: every entry of byKey is on the list exactly
// once and vice versa.
type fileCache struct {
	byKey      map[segKey]*openFile
	head, tail *openFile
	max        int
}

func (c *fileCache) get(k segKey) *openFile {
	f := c.byKey[k]
	if f != nil && f != c.head {
		c.unlink(f)
		c.pushFront(f)
	}
	return f
}

// add caches fd for k, closing the least recently used descriptors that
// were not used by the current operation (gen) while over the bound.
func (c *fileCache) add(k segKey, fd int, gen uint64) *openFile {
	if c.byKey == nil {
		c.byKey = make(map[segKey]*openFile)
	}
	f := &openFile{key: k, fd: fd, gen: gen}
	c.byKey[k] = f
	c.pushFront(f)
	c.trim(gen)
	return f
}

// trim closes least recently used descriptors, sparing those used by the
// current operation (gen), while the cache is over its bound. Operations
// count from 1, so trim(0) spares none.
func (c *fileCache) trim(gen uint64) {
	for v := c.tail; len(c.byKey) > c.max && v != nil; {
		prev := v.prev
		if v.gen != gen {
			c.remove(v)
		}
		v = prev
	}
}

// remove closes and forgets f.
func (c *fileCache) remove(f *openFile) {
	c.unlink(f)
	delete(c.byKey, f.key)
	unix.Close(f.fd)
	f.fd = -1
}

// removeRel closes every descriptor of r (all forks when fork is
// numForks).
func (c *fileCache) removeRel(r RelFileLocator, fork Fork) {
	for k, f := range c.byKey {
		if k.rel == r && (fork == numForks || k.fork == fork) {
			c.remove(f)
		}
	}
}

func (c *fileCache) closeAll() {
	for _, f := range c.byKey {
		c.remove(f)
	}
}

func (c *fileCache) pushFront(f *openFile) {
	f.prev, f.next = nil, c.head
	if c.head != nil {
		c.head.prev = f
	}
	c.head = f
	if c.tail == nil {
		c.tail = f
	}
}

func (c *fileCache) unlink(f *openFile) {
	if f.prev != nil {
		f.prev.next = f.next
	} else {
		c.head = f.next
	}
	if f.next != nil {
		f.next.prev = f.prev
	} else {
		c.tail = f.prev
	}
	f.prev, f.next = nil, nil
}
