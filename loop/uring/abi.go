package uring

import "unsafe"

// Layouts and constants of the io_uring ABI, transcribed from the kernel's
// include/uapi/linux/io_uring.h. Only what this package uses is here.

// Setup flags (io_uring_params.flags).
const (
	SetupIOPoll       uint32 = 1 << 0
	SetupSQPoll       uint32 = 1 << 1
	SetupSQAff        uint32 = 1 << 2
	SetupCQSize       uint32 = 1 << 3
	SetupClamp        uint32 = 1 << 4
	SetupAttachWQ     uint32 = 1 << 5
	SetupRDisabled    uint32 = 1 << 6
	SetupSubmitAll    uint32 = 1 << 7  // 5.18: keep submitting after a bad SQE
	SetupCoopTaskrun  uint32 = 1 << 8  // 5.19: no IPI to run completions
	SetupTaskrunFlag  uint32 = 1 << 9  // 5.19
	SetupSingleIssuer uint32 = 1 << 12 // 6.0: one task submits
	SetupDeferTaskrun uint32 = 1 << 13 // 6.1: completions run only when we wait
)

// Feature bits reported by the kernel (io_uring_params.features).
const (
	FeatSingleMmap   uint32 = 1 << 0 // SQ and CQ rings share one mapping
	FeatNoDrop       uint32 = 1 << 1 // overflowed CQEs are kept, not dropped
	FeatSubmitStable uint32 = 1 << 2
	FeatRWCurPos     uint32 = 1 << 3
	FeatFastPoll     uint32 = 1 << 5
	FeatExtArg       uint32 = 1 << 8
	FeatCQESkip      uint32 = 1 << 11
)

// Opcodes (io_uring_op).
const (
	OpNop           uint8 = 0
	OpFsync         uint8 = 3
	OpPollAdd       uint8 = 6
	OpPollRemove    uint8 = 7
	OpTimeout       uint8 = 11
	OpTimeoutRemove uint8 = 12
	OpAccept        uint8 = 13
	OpAsyncCancel   uint8 = 14
	OpLinkTimeout   uint8 = 15
	OpRead          uint8 = 22
	OpWrite         uint8 = 23
	OpSend          uint8 = 26
	OpRecv          uint8 = 27
)

// SQE flags (io_uring_sqe.flags).
const (
	SQEFixedFile      uint8 = 1 << 0
	SQEIODrain        uint8 = 1 << 1 // start only after every earlier SQE completed
	SQEIOLink         uint8 = 1 << 2 // the next SQE starts only after this one succeeds
	SQEIOHardlink     uint8 = 1 << 3 // like IOLink, but the chain survives a failure
	SQEAsync          uint8 = 1 << 4
	SQEBufferSelect   uint8 = 1 << 5
	SQECQESkipSuccess uint8 = 1 << 6
)

// Per-operation flags.
const (
	FsyncDatasync uint32 = 1 << 0 // fdatasync instead of fsync

	TimeoutAbs          uint32 = 1 << 0
	TimeoutBoottime     uint32 = 1 << 2
	TimeoutRealtime     uint32 = 1 << 3
	TimeoutETimeSuccess uint32 = 1 << 5

	PollAddMulti uint32 = 1 << 0

	AsyncCancelAll uint32 = 1 << 0
	AsyncCancelFd  uint32 = 1 << 1
	AsyncCancelAny uint32 = 1 << 2

	// RecvSendPollFirst (in sqe.ioprio of send/recv) arms poll before the
	// first attempt: right for a recv issued just after a reply was sent,
	// when the next request cannot be there yet.
	RecvSendPollFirst uint16 = 1 << 0
	RecvMultishot     uint16 = 1 << 1

	AcceptMultishot uint16 = 1 << 0
)

// CQE flags (io_uring_cqe.flags).
const (
	CQEFBuffer       uint32 = 1 << 0
	CQEFMore         uint32 = 1 << 1
	CQEFSockNonempty uint32 = 1 << 2
)

// SQ ring flags, written by the kernel.
const (
	sqNeedWakeup uint32 = 1 << 0
	sqCQOverflow uint32 = 1 << 1
	sqTaskrun    uint32 = 1 << 2
)

// io_uring_enter flags.
const (
	enterGetEvents uint32 = 1 << 0
	enterExtArg    uint32 = 1 << 3
)

// getEventsArg is struct io_uring_getevents_arg, passed with enterExtArg.
type getEventsArg struct {
	Sigmask   uint64
	SigmaskSz uint32
	Pad       uint32
	TS        uint64 // *Timespec
}

// Offsets passed to mmap to select a region.
const (
	offSQRing = 0
	offCQRing = 0x8000000
	offSQEs   = 0x10000000
)

// io_uring_register opcodes.
const (
	registerProbe = 8
)

// SQE is struct io_uring_sqe (64 bytes). The unions of the C struct are
// flattened to the member this package uses; OpFlags is the 32-bit union
// (rw_flags, fsync_flags, msg_flags, timeout_flags, poll32_events, ...).
type SQE struct {
	Opcode      uint8
	Flags       uint8
	IoPrio      uint16
	Fd          int32
	Off         uint64 // also addr2
	Addr        uint64
	Len         uint32
	OpFlags     uint32
	UserData    uint64
	BufIndex    uint16 // also buf_group
	Personality uint16
	SpliceFdIn  int32 // also file_index, addr_len
	Addr3       uint64
	_           uint64
}

// CQE is struct io_uring_cqe (16 bytes, no CQE32).
type CQE struct {
	UserData uint64
	Res      int32 // result, or -errno
	Flags    uint32
}

// Timespec is struct __kernel_timespec: 64-bit fields on every
// architecture, unlike unix.Timespec on 32-bit ones.
type Timespec struct {
	Sec  int64
	Nsec int64
}

type sqRingOffsets struct {
	Head, Tail, RingMask, RingEntries, Flags, Dropped, Array, Resv1 uint32
	UserAddr                                                        uint64
}

type cqRingOffsets struct {
	Head, Tail, RingMask, RingEntries, Overflow, CQEs, Flags, Resv1 uint32
	UserAddr                                                        uint64
}

// params is struct io_uring_params (120 bytes).
type params struct {
	SQEntries    uint32
	CQEntries    uint32
	Flags        uint32
	SQThreadCPU  uint32
	SQThreadIdle uint32
	Features     uint32
	WQFd         uint32
	Resv         [3]uint32
	SQOff        sqRingOffsets
	CQOff        cqRingOffsets
}

// probeOp and probe are struct io_uring_probe_op / io_uring_probe with room
// for every opcode a u8 can name.
type probeOp struct {
	Op    uint8
	Resv  uint8
	Flags uint16
	Resv2 uint32
}

type probe struct {
	LastOp uint8
	OpsLen uint8
	Resv   uint16
	Resv2  [3]uint32
	Ops    [256]probeOp
}

const probeOpSupported = 1 << 0

// The kernel ABI fixes these sizes; a mistake in the structs above would
// corrupt memory, so it fails the build instead.
var (
	_ [64 - unsafe.Sizeof(SQE{})]struct{}
	_ [unsafe.Sizeof(SQE{}) - 64]struct{}
	_ [16 - unsafe.Sizeof(CQE{})]struct{}
	_ [unsafe.Sizeof(CQE{}) - 16]struct{}
	_ [120 - unsafe.Sizeof(params{})]struct{}
	_ [unsafe.Sizeof(params{}) - 120]struct{}
	_ [16 - unsafe.Sizeof(Timespec{})]struct{}
)
