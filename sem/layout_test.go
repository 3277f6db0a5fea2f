package sem

import (
	"sync/atomic"
	"testing"
	"unsafe"
)

// TestLayout pins the size and alignment of everything that lives in shared
// memory: other packages lay these out by offset, and processes built from
// the same source must agree on them.
func TestLayout(t *testing.T) {
	tests := []struct {
		name         string
		size, align  uintptr
		wantSize     uintptr
		wantAlignMax uintptr
	}{
		{"atomic.Uint32", unsafe.Sizeof(atomic.Uint32{}), unsafe.Alignof(atomic.Uint32{}), 4, 4},
		{"SpinLock", unsafe.Sizeof(SpinLock{}), unsafe.Alignof(SpinLock{}), 4, 4},
		{"Sema", unsafe.Sizeof(Sema{}), unsafe.Alignof(Sema{}), 8, 4},
		{"LWLock", unsafe.Sizeof(LWLock{}), unsafe.Alignof(LWLock{}), 16, 4},
		{"Waiter", unsafe.Sizeof(Waiter{}), unsafe.Alignof(Waiter{}), WaiterSize, 4},
	}
	for _, tt := range tests {
		if tt.size != tt.wantSize {
			t.Errorf("unsafe.Sizeof(%s) = %d, want %d", tt.name, tt.size, tt.wantSize)
		}
		if tt.align > tt.wantAlignMax {
			t.Errorf("unsafe.Alignof(%s) = %d, want at most %d", tt.name, tt.align, tt.wantAlignMax)
		}
	}
	if WaiterSize != 64 {
		t.Errorf("WaiterSize = %d, want one cache line (64)", WaiterSize)
	}
	if got := WaiterTableSize(10); got != 640 {
		t.Errorf("WaiterTableSize(10) = %d, want 640", got)
	}
}

// TestWordAddress checks that word() addresses the value of an atomic.Uint32,
// which the futex calls depend on.
func TestWordAddress(t *testing.T) {
	var a atomic.Uint32
	a.Store(0xdeadbeef)
	if got := *word(&a); got != 0xdeadbeef {
		t.Fatalf("*word(&a) = %#x, want 0xdeadbeef", got)
	}
}

// TestZeroValues checks that zeroed memory is a valid, idle object of every
// shared type.
func TestZeroValues(t *testing.T) {
	var l SpinLock
	if l.Held() || !l.TryLock() {
		t.Error("zero SpinLock is not free")
	}
	var s Sema
	if s.Count() != 0 || s.TryWait() {
		t.Error("zero Sema does not have count 0")
	}
	var lw LWLock
	if st := lw.State(); !st.Free() || st.HasWaiters() || lw.Tranche() != TrancheNone {
		t.Errorf("zero LWLock state %v, tranche %v", st, lw.Tranche())
	}
	tab := NewWaiterTable(make([]byte, WaiterTableSize(2)), 2)
	if tab.Waiter(1).Waiting() || tab.Waiter(1).Sema().Count() != 0 {
		t.Error("zero Waiter slot is not idle")
	}
}

func TestNames(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{Shared.String(), "shared"},
		{Exclusive.String(), "exclusive"},
		{Mode(7).String(), "Mode(7)"},
		{TrancheProcArray.String(), "ProcArray"},
		{TrancheBufferMapping.String(), "BufferMapping"},
		{TrancheBufferContent.String(), "BufferContent"},
		{TrancheWALInsert.String(), "WALInsert"},
		{TrancheLockManager.String(), "LockManager"},
		{TrancheRelationExtension.String(), "RelationExtension"},
		{TrancheNone.String(), "Tranche(0)"},
		{numTranches.String(), "Tranche(13)"},
		{TrancheWALBufMapping.String(), "WALBufMapping"},
		{TrancheWALWrite.String(), "WALWrite"},
		{TrancheCommitLog.String(), "XactSLRU"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// TestWaiterReset: a slot taken over from a previous owner starts idle,
// whatever was left in it.
func TestWaiterReset(t *testing.T) {
	tab := NewWaiterTable(make([]byte, WaiterTableSize(1)), 1)
	w := tab.Waiter(0)
	w.Sema().Post()
	w.waiting.Store(1)
	w.queued, w.mode, w.next, w.prev, w.granted = 1, 2, 3, 4, 1
	w.Reset()
	if w.Sema().Count() != 0 || w.Waiting() || w.queued != 0 || w.mode != 0 ||
		w.next != 0 || w.prev != 0 || w.granted != 0 {
		t.Fatal("Reset left state in the slot")
	}
}
