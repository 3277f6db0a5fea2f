package shm

import (
	"errors"
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Magic marks the first eight bytes of a segment ("RINGPGSH").
const Magic uint64 = 0x48535047474e4952

// LayoutVersion changes whenever a shared record changes shape, so that a
// process built from other sources refuses to attach.
const LayoutVersion uint32 = 1

// HugePageSize is the huge page size the segment asks for (x86-64's 2 MiB).
const HugePageSize = 2 << 20

const pageSize = 4096

// HugePages is the huge_pages setting.
type HugePages string

// The values of huge_pages, as PostgreSQL spells them.
const (
	HugeTry HugePages = "try"
	HugeOn  HugePages = "on"
	HugeOff HugePages = "off"
)

// Config sizes a segment.
type Config struct {
	MaxProcs  int       // proc array slots: backends plus auxiliary processes
	HugePages HugePages // try, on or off
	Regions   []RegionSpec
}

// RegionSpec asks for a named region of the segment for a subsystem that
// lives in it (the buffer pool, lock tables, WAL buffers). The region is
// zeroed, page aligned, and must be valid in that state: the postmaster
// creates it without knowing what it holds.
type RegionSpec struct {
	Name string // at most 23 bytes, unique
	Size uintptr
}

// MaxRegions bounds the named regions of one segment.
const MaxRegions = 16

// regionEntry records one named region in the header.
type regionEntry struct {
	Name [24]byte
	Off  uint64
	Size uint64
}

// Header is the first record of the segment. The creator writes it once
// before any other process attaches; afterwards it is read-only.
type Header struct {
	Magic       uint64
	Version     uint32
	MaxProcs    uint32
	Size        uint64 // bytes mapped, a multiple of the page size used
	ProcOff     uint64 // offset of the proc array
	CountersOff uint64 // offset of the counters
	WaitOff     uint64 // offset of the semaphore wait table
	Huge        uint32 // 1 when the segment sits on huge pages
	NRegions    uint32
	Regions     [MaxRegions]regionEntry
}

// Segment is one process's mapping of the shared segment.
type Segment struct {
	fd     int
	mem    []byte
	hdr    *Header
	layout layout
}

// layout is the byte offset of each region, computed from a Config.
type layout struct {
	procOff, countersOff, waitOff, end uintptr
	regions                            []regionEntry
}

func align(n, a uintptr) uintptr { return (n + a - 1) &^ (a - 1) }

func computeLayout(cfg Config) layout {
	maxProcs := cfg.MaxProcs
	var l layout
	off := align(unsafe.Sizeof(Header{}), 64)
	l.procOff = off
	off = align(off+uintptr(maxProcs)*unsafe.Sizeof(Proc{}), 64)
	l.countersOff = off
	off = align(off+unsafe.Sizeof(Counters{}), 64)
	l.waitOff = off
	off = align(off+waitTableSize(maxProcs), 64)
	for _, r := range cfg.Regions {
		off = align(off, pageSize)
		var e regionEntry
		copy(e.Name[:len(e.Name)-1], r.Name)
		e.Off, e.Size = uint64(off), uint64(r.Size)
		l.regions = append(l.regions, e)
		off += r.Size
	}
	l.end = align(off, 64)
	return l
}

func checkRegions(specs []RegionSpec) error {
	if len(specs) > MaxRegions {
		return fmt.Errorf("shm: %d regions requested, at most %d", len(specs), MaxRegions)
	}
	seen := map[string]bool{}
	for _, r := range specs {
		if r.Name == "" || len(r.Name) > 23 || seen[r.Name] {
			return fmt.Errorf("shm: bad or duplicate region name %q", r.Name)
		}
		seen[r.Name] = true
	}
	return nil
}

// Size returns the bytes a segment for cfg needs before rounding to pages.
func Size(cfg Config) int { return int(computeLayout(cfg).end) }

// SizeInHugePages returns how many huge pages a segment for cfg takes, as
// PostgreSQL's shared_memory_size_in_huge_pages reports it.
func SizeInHugePages(cfg Config) int {
	return int(align(uintptr(Size(cfg)), HugePageSize) / HugePageSize)
}

// ErrNoHugePages is returned by Create with huge_pages=on when the kernel has
// no huge pages to give.
var ErrNoHugePages = errors.New("could not map anonymous shared memory on huge pages")

// Create makes and maps a new zeroed segment for cfg. With huge_pages=try it
// falls back to ordinary pages quietly; with on it fails, saying why.
func Create(cfg Config) (*Segment, error) {
	if cfg.MaxProcs <= 0 {
		return nil, fmt.Errorf("shm: MaxProcs must be positive, got %d", cfg.MaxProcs)
	}
	if err := checkRegions(cfg.Regions); err != nil {
		return nil, err
	}
	l := computeLayout(cfg)
	var (
		seg *Segment
		err error
	)
	if cfg.HugePages != HugeOff {
		seg, err = createMapped(l, true)
		if err != nil && cfg.HugePages == HugeOn {
			return nil, fmt.Errorf("%w: %v (%d bytes requested); reserve huge pages with sysctl vm.nr_hugepages=%d or set huge_pages=try",
				ErrNoHugePages, err, align(l.end, HugePageSize), SizeInHugePages(cfg))
		}
	}
	if seg == nil {
		if seg, err = createMapped(l, false); err != nil {
			return nil, err
		}
	}
	h := seg.hdr
	h.Magic = Magic
	h.Version = LayoutVersion
	h.MaxProcs = uint32(cfg.MaxProcs)
	h.Size = uint64(len(seg.mem))
	h.ProcOff = uint64(l.procOff)
	h.CountersOff = uint64(l.countersOff)
	h.WaitOff = uint64(l.waitOff)
	h.NRegions = uint32(len(l.regions))
	copy(h.Regions[:], l.regions)
	initWaitTable(seg)
	return seg, nil
}

func createMapped(l layout, huge bool) (*Segment, error) {
	flags := unix.MFD_CLOEXEC
	size := align(l.end, pageSize)
	if huge {
		flags |= unix.MFD_HUGETLB | unix.MFD_HUGE_2MB
		size = align(l.end, HugePageSize)
	}
	fd, err := unix.MemfdCreate("ringpg-shm", flags)
	if err != nil {
		return nil, fmt.Errorf("memfd_create: %w", err)
	}
	if err := unix.Ftruncate(fd, int64(size)); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("ftruncate shared memory to %d bytes: %w", size, err)
	}
	// MAP_POPULATE faults every page in now: with huge pages this is where a
	// shortage shows, at start rather than as a SIGBUS in some backend later.
	mem, err := unix.Mmap(fd, 0, int(size), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE)
	if err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("mmap shared memory (%d bytes): %w", size, err)
	}
	seg := &Segment{fd: fd, mem: mem, hdr: (*Header)(unsafe.Pointer(&mem[0])), layout: l}
	if huge {
		seg.hdr.Huge = 1
	}
	return seg, nil
}

// Attach maps the segment behind an inherited memfd and checks its header.
func Attach(fd int) (*Segment, error) {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, fmt.Errorf("shm: fstat segment fd %d: %w", fd, err)
	}
	if st.Size < int64(unsafe.Sizeof(Header{})) {
		return nil, fmt.Errorf("shm: segment fd %d is only %d bytes", fd, st.Size)
	}
	mem, err := unix.Mmap(fd, 0, int(st.Size), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("shm: mmap segment: %w", err)
	}
	h := (*Header)(unsafe.Pointer(&mem[0]))
	if magic, version := h.Magic, h.Version; magic != Magic || version != LayoutVersion {
		unix.Munmap(mem)
		return nil, fmt.Errorf("shm: segment has magic %#x version %d, want %#x version %d",
			magic, version, Magic, LayoutVersion)
	}
	l := computeLayout(Config{MaxProcs: int(h.MaxProcs)})
	if uint64(l.procOff) != h.ProcOff || uint64(l.waitOff) != h.WaitOff || h.NRegions > MaxRegions {
		unix.Munmap(mem)
		return nil, fmt.Errorf("shm: segment layout differs from this binary's")
	}
	l.regions = append([]regionEntry(nil), h.Regions[:h.NRegions]...)
	for _, r := range l.regions {
		if r.Off+r.Size > h.Size {
			unix.Munmap(mem)
			return nil, fmt.Errorf("shm: region %q lies outside the segment", cstr(r.Name[:]))
		}
	}
	return &Segment{fd: fd, mem: mem, hdr: h, layout: l}, nil
}

// Fd returns the segment's memfd, to be passed to child processes.
func (s *Segment) Fd() int { return s.fd }

// Len returns the bytes mapped.
func (s *Segment) Len() int { return len(s.mem) }

// Huge reports whether the segment sits on huge pages.
func (s *Segment) Huge() bool { return s.hdr.Huge == 1 }

// MaxProcs returns the number of proc array slots.
func (s *Segment) MaxProcs() int { return int(s.hdr.MaxProcs) }

// at returns a pointer into the mapping; off must be inside it.
func (s *Segment) at(off uintptr) unsafe.Pointer { return unsafe.Pointer(&s.mem[off]) }

// Close unmaps the segment and closes its descriptor. Views obtained from it
// must not be used afterwards.
func (s *Segment) Close() error {
	err := unix.Munmap(s.mem)
	if cerr := unix.Close(s.fd); err == nil {
		err = cerr
	}
	s.mem, s.hdr = nil, nil
	return err
}

// Unmap unmaps the segment without closing its descriptor (for a creator
// whose descriptor is owned by an *os.File).
func (s *Segment) Unmap() error {
	err := unix.Munmap(s.mem)
	s.mem, s.hdr = nil, nil
	return err
}

// Region returns the named region, or nil when the segment has none.
func (s *Segment) Region(name string) []byte {
	for _, r := range s.layout.regions {
		if cstr(r.Name[:]) == name {
			return s.mem[r.Off : r.Off+r.Size : r.Off+r.Size]
		}
	}
	return nil
}

func cstr(b []byte) string { return unpad(b) }
