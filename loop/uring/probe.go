package uring

import (
	"fmt"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// RequiredOps are the opcodes ringpg relies on; Supported fails if the
// kernel lacks any of them.
var RequiredOps = []uint8{OpNop, OpRead, OpWrite, OpFsync, OpRecv, OpSend,
	OpAccept, OpTimeout, OpLinkTimeout, OpAsyncCancel, OpPollAdd}

var opNames = map[uint8]string{
	OpNop: "NOP", OpRead: "READ", OpWrite: "WRITE", OpFsync: "FSYNC",
	OpRecv: "RECV", OpSend: "SEND", OpAccept: "ACCEPT", OpTimeout: "TIMEOUT",
	OpLinkTimeout: "LINK_TIMEOUT", OpAsyncCancel: "ASYNC_CANCEL",
	OpPollAdd: "POLL_ADD", OpPollRemove: "POLL_REMOVE",
	OpTimeoutRemove: "TIMEOUT_REMOVE",
}

var supported struct {
	once sync.Once
	err  error
}

// Supported reports whether io_uring can be used in this process: the
// kernel has it, no seccomp filter or kernel.io_uring_disabled setting
// refuses it (EPERM, ENOSYS), and it implements every opcode in
// RequiredOps. The answer is computed once and cached; the error says why,
// in one line fit for the server log.
func Supported() error {
	supported.once.Do(func() { supported.err = probeSupport() })
	return supported.err
}

func probeSupport() error {
	// A plain ring: flags like SINGLE_ISSUER would tie the probe to
	// whichever thread runs it.
	var p params
	fd, err := setup(1, &p)
	if err != nil {
		switch err {
		case unix.ENOSYS:
			return fmt.Errorf("io_uring unavailable: kernel has no io_uring_setup (ENOSYS)")
		case unix.EPERM:
			return fmt.Errorf("io_uring unavailable: io_uring_setup not permitted (EPERM: seccomp profile or kernel.io_uring_disabled)")
		}
		return fmt.Errorf("io_uring unavailable: io_uring_setup: %w", err)
	}
	defer unix.Close(fd)
	ops, err := probeOps(fd)
	if err != nil {
		return fmt.Errorf("io_uring unavailable: %w", err)
	}
	for _, op := range RequiredOps {
		if !ops[op] {
			return fmt.Errorf("io_uring unavailable: kernel lacks opcode %s (%d)", opNames[op], op)
		}
	}
	return nil
}

// probeOps asks the kernel which opcodes it implements
// (IORING_REGISTER_PROBE, Linux 5.6).
func probeOps(ringFd int) (map[uint8]bool, error) {
	pr := new(probe)
	_, _, errno := unix.Syscall6(unix.SYS_IO_URING_REGISTER, uintptr(ringFd), registerProbe,
		uintptr(unsafe.Pointer(pr)), uintptr(len(pr.Ops)), 0, 0)
	if errno != 0 {
		return nil, fmt.Errorf("IORING_REGISTER_PROBE: %w", errno)
	}
	ops := make(map[uint8]bool, pr.OpsLen)
	for i := 0; i < int(pr.OpsLen); i++ {
		if pr.Ops[i].Flags&probeOpSupported != 0 {
			ops[pr.Ops[i].Op] = true
		}
	}
	return ops, nil
}

// Probe returns the set of opcodes this kernel implements.
func (r *Ring) Probe() (map[uint8]bool, error) {
	return probeOps(r.fd)
}
