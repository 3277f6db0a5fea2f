package uring

import (
	"errors"
	"fmt"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A BufRing is a group of provided buffers (IORING_REGISTER_PBUF_RING,
// Linux 5.19) from which the kernel picks one per completion of an
// operation flagged SQEBufferSelect, such as a multishot recv: the receive
// stays armed across requests and needs no buffer named in advance.
//
// Both the ring of buffer descriptors and the buffers are anonymous
// mappings outside the Go heap, so the kernel may write into them at any
// time without the garbage collector's knowledge. A BufRing belongs to its
// Ring's goroutine.
type BufRing struct {
	ring    *Ring
	bgid    uint16
	entries uint16 // a power of two
	size    int    // bytes per buffer
	descs   []byte // entries × struct io_uring_buf; the tail overlays descs[0].resv
	bufs    []byte // entries × size
	tail    uint16 // next descriptor slot to fill; published by publish
	bid0    uint16 // bid last written to descriptor 0 (shares a word with the tail)
}

// ioUringBuf is struct io_uring_buf.
type ioUringBuf struct {
	Addr uint64
	Len  uint32
	Bid  uint16
	Resv uint16 // in slot 0: the ring's tail
}

// bufReg is struct io_uring_buf_reg.
type bufReg struct {
	RingAddr    uint64
	RingEntries uint32
	Bgid        uint16
	Flags       uint16
	Resv        [3]uint64
}

const (
	registerPbufRing   = 22
	unregisterPbufRing = 23
)

// NewBufRing registers buffer group bgid with entries buffers (a power of
// two, at most 32768) of size bytes each, all handed to the kernel.
func (r *Ring) NewBufRing(bgid uint16, entries int, size int) (*BufRing, error) {
	if entries <= 0 || entries > 1<<15 || entries&(entries-1) != 0 || size <= 0 {
		return nil, errors.New("uring: buffer ring needs a power-of-two count up to 32768 and a positive size")
	}
	b := &BufRing{ring: r, bgid: bgid, entries: uint16(entries), size: size}
	var err error
	prot, flags := unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS|unix.MAP_POPULATE
	if b.descs, err = unix.Mmap(-1, 0, entries*int(unsafe.Sizeof(ioUringBuf{})), prot, flags); err != nil {
		return nil, fmt.Errorf("uring: mmap buffer ring: %w", err)
	}
	if b.bufs, err = unix.Mmap(-1, 0, entries*size, prot, flags); err != nil {
		unix.Munmap(b.descs)
		return nil, fmt.Errorf("uring: mmap buffers: %w", err)
	}
	reg := bufReg{
		RingAddr:    uint64(uintptr(unsafe.Pointer(&b.descs[0]))),
		RingEntries: uint32(entries),
		Bgid:        bgid,
	}
	_, _, errno := unix.Syscall6(unix.SYS_IO_URING_REGISTER, uintptr(r.fd), registerPbufRing,
		uintptr(unsafe.Pointer(&reg)), 1, 0, 0)
	if errno != 0 {
		unix.Munmap(b.bufs)
		unix.Munmap(b.descs)
		return nil, fmt.Errorf("uring: IORING_REGISTER_PBUF_RING: %w", errno)
	}
	for bid := 0; bid < entries; bid++ {
		b.put(uint16(bid))
	}
	b.publish()
	return b, nil
}

func (b *BufRing) desc(i uint16) *ioUringBuf {
	return (*ioUringBuf)(unsafe.Pointer(&b.descs[int(i)*int(unsafe.Sizeof(ioUringBuf{}))]))
}

// put fills the next descriptor with buffer bid, unpublished. It never
// writes Resv: in slot 0 that is the live tail.
func (b *BufRing) put(bid uint16) {
	slot := b.tail & (b.entries - 1)
	d := b.desc(slot)
	d.Addr = uint64(uintptr(unsafe.Pointer(&b.bufs[int(bid)*b.size])))
	d.Len = uint32(b.size)
	if slot == 0 {
		b.bid0 = bid // written with the tail in publish
	} else {
		d.Bid = bid
	}
	b.tail++
}

// publish makes the filled descriptors visible to the kernel. The tail is
// the upper half of the 32-bit word whose lower half is descriptor 0's
// bid; only we write either, so one atomic 32-bit store (a release) sets
// both, ordered after the descriptor writes (little-endian layout).
func (b *BufRing) publish() {
	word := (*uint32)(unsafe.Pointer(&b.descs[12]))
	atomic.StoreUint32(word, uint32(b.tail)<<16|uint32(b.bid0))
}

// Buf returns buffer bid's memory, n bytes of it: the data of a
// completion whose Flags carry CQEFBuffer and bid in the upper 16 bits.
// It is valid until Recycle(bid).
func (b *BufRing) Buf(bid uint16, n int) []byte {
	off := int(bid) * b.size
	return b.bufs[off : off+n : off+b.size]
}

// Recycle gives buffer bid back to the kernel.
func (b *BufRing) Recycle(bid uint16) {
	b.put(bid)
	b.publish()
}

// Group returns the buffer group id to name in SQEs.
func (b *BufRing) Group() uint16 { return b.bgid }

// Close unregisters the group and frees its memory. Operations using the
// group must be finished or cancelled first.
func (b *BufRing) Close() error {
	var err error
	if !b.ring.closed {
		reg := bufReg{Bgid: b.bgid}
		if _, _, errno := unix.Syscall6(unix.SYS_IO_URING_REGISTER, uintptr(b.ring.fd), unregisterPbufRing,
			uintptr(unsafe.Pointer(&reg)), 1, 0, 0); errno != 0 {
			err = fmt.Errorf("uring: IORING_UNREGISTER_PBUF_RING: %w", errno)
		}
	}
	unix.Munmap(b.bufs)
	unix.Munmap(b.descs)
	return err
}

// BufferID extracts the provided buffer's id from a CQE, and whether it
// has one.
func (c *CQE) BufferID() (uint16, bool) {
	return uint16(c.Flags >> 16), c.Flags&CQEFBuffer != 0
}

// More reports whether a multishot operation stays armed after this CQE.
func (c *CQE) More() bool { return c.Flags&CQEFMore != 0 }

// PrepRecvMultishot arms a receive on socket fd that posts a CQE for
// every chunk of data, each in a buffer taken from group bgid, until it
// fails, reaches end of stream (Res 0), or runs out of buffers (-ENOBUFS);
// each CQE but the last has CQEFMore set.
func (s *SQE) PrepRecvMultishot(fd int, bgid uint16, msgFlags uint32) {
	s.prepRW(OpRecv, fd, 0, 0, 0)
	s.OpFlags = msgFlags
	s.IoPrio |= RecvMultishot
	s.Flags |= SQEBufferSelect
	s.BufIndex = bgid
}
