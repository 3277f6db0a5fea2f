package uring

import (
	"errors"
	"testing"
)

func TestSupported(t *testing.T) {
	if err := Supported(); err != nil {
		t.Skipf("io_uring not usable here: %v", err)
	}
	// Cached: a second call gives the same answer without a new probe.
	if err := Supported(); err != nil {
		t.Fatal(err)
	}
}

func TestSetupDefaults(t *testing.T) {
	r := newRing(t, 8)
	if r.SQEntries() != 8 || r.CQEntries() != 16 {
		t.Fatalf("sizes SQ %d CQ %d, want 8 and 16", r.SQEntries(), r.CQEntries())
	}
	// This kernel is 6.x; every default flag should have been accepted.
	if r.Flags()&DefaultFlags != DefaultFlags {
		t.Logf("kernel dropped setup flags: asked %#x, got %#x", DefaultFlags, r.Flags())
	}
	if r.Features()&FeatNoDrop == 0 {
		t.Logf("kernel lacks IORING_FEAT_NODROP")
	}
	ops, err := r.Probe()
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range RequiredOps {
		if !ops[op] {
			t.Errorf("opcode %s missing after Supported() passed", opNames[op])
		}
	}
}

func TestDropNewestOptional(t *testing.T) {
	for _, tc := range []struct{ in, want uint32 }{
		{DefaultFlags, DefaultFlags &^ SetupDeferTaskrun},
		{DefaultFlags &^ SetupDeferTaskrun, SetupCoopTaskrun | SetupSubmitAll},
		{SetupCoopTaskrun | SetupSubmitAll, SetupSubmitAll},
		{SetupSubmitAll | SetupCQSize, SetupCQSize},
		{SetupCQSize, SetupCQSize}, // not optional: kept, so New gives up
		{0, 0},
	} {
		if got := dropNewestOptional(tc.in); got != tc.want {
			t.Errorf("dropNewestOptional(%#x) = %#x, want %#x", tc.in, got, tc.want)
		}
	}
}

func TestPlainRingAnyThread(t *testing.T) {
	if err := Supported(); err != nil {
		t.Skip(err)
	}
	// Without SINGLE_ISSUER the ring may be driven from any thread, so no
	// LockOSThread here.
	r, err := New(4, &Options{NoFlags: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Flags() != 0 {
		t.Fatalf("flags %#x, want 0", r.Flags())
	}
	sqe(t, r).PrepNop()
	if _, err := r.SubmitAndWait(1); err != nil {
		t.Fatal(err)
	}
	if c, ok := r.PopCQE(); !ok || c.Res != 0 {
		t.Fatalf("nop: %+v %v", c, ok)
	}
}

func TestNopUserData(t *testing.T) {
	r := newRing(t, 8)
	for i := uint64(1); i <= 8; i++ {
		s := sqe(t, r)
		s.PrepNop()
		s.SetUserData(i * 100)
	}
	if r.GetSQE() != nil {
		t.Fatal("GetSQE past SQ capacity returned an entry")
	}
	if r.SQSpace() != 0 {
		t.Fatalf("SQSpace %d, want 0", r.SQSpace())
	}
	n, err := r.SubmitAndWait(8)
	if err != nil || n != 8 {
		t.Fatalf("SubmitAndWait = %d, %v", n, err)
	}
	if r.SQSpace() != 8 {
		t.Fatalf("SQSpace after submit %d, want 8", r.SQSpace())
	}
	got := reap(t, r, 8)
	for i := uint64(1); i <= 8; i++ {
		wantRes(t, "nop", got[i*100], 0)
	}
	if _, ok := r.PopCQE(); ok {
		t.Fatal("extra completion")
	}
}

// TestCQOverflow submits three times as many NOPs as the CQ holds without
// reaping; with FeatNoDrop the kernel keeps the surplus and hands it over
// as the ring drains.
func TestCQOverflow(t *testing.T) {
	r := newRing(t, 4) // CQ of 8
	if r.Features()&FeatNoDrop == 0 {
		t.Skip("kernel drops overflowed CQEs")
	}
	const total = 24
	next := uint64(0)
	for next < total {
		for r.SQSpace() > 0 && next < total {
			s := r.GetSQE()
			s.PrepNop()
			s.SetUserData(next)
			next++
		}
		if _, err := r.Submit(); err != nil {
			if errors.Is(err, ErrCQBusy) {
				break // older kernels refuse until we reap
			}
			t.Fatal(err)
		}
	}
	seen := make(map[uint64]bool)
	for len(seen) < int(next) {
		c, err := r.WaitCQE()
		if err != nil {
			t.Fatal(err)
		}
		seen[c.UserData] = true
		r.Advance(1)
	}
	if r.Overflow() != 0 {
		t.Fatalf("%d completions dropped", r.Overflow())
	}
}

func TestClose(t *testing.T) {
	r := newRing(t, 2)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); !errors.Is(err, ErrClosed) {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := r.Submit(); !errors.Is(err, ErrClosed) {
		t.Fatalf("Submit after Close: %v", err)
	}
}

func TestUseAfterClose(t *testing.T) {
	r := newRing(t, 2)
	r.Close()
	if r.GetSQE() != nil || r.PeekCQE() != nil || r.CQReady() != 0 || r.SQSpace() != 0 {
		t.Fatal("closed ring still hands out entries")
	}
	if _, err := r.WaitCQE(); !errors.Is(err, ErrClosed) {
		t.Fatalf("WaitCQE after Close: %v", err)
	}
}
