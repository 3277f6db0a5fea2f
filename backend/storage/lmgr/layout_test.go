package lmgr

import (
	"testing"
	"unsafe"
)

// TestLayout pins the shape of what lives in shared memory: processes
// built from the same source must agree on it, 64-bit atomics must be
// 8-byte aligned, and per-proc entries should not share cache lines.
func TestLayout(t *testing.T) {
	var p procEntry
	var h regionHeader
	tests := []struct {
		name string
		got  uintptr
		want uintptr
	}{
		{"sizeof lockObj", unsafe.Sizeof(lockObj{}), 128},
		{"sizeof holder", unsafe.Sizeof(holder{}), 32},
		{"sizeof procEntry", unsafe.Sizeof(procEntry{}), 192},
		{"sizeof Tag", unsafe.Sizeof(Tag{}), 16},
		{"procEntry.waitStart % 8", unsafe.Offsetof(p.waitStart) % 8, 0},
		{"procEntry.fpBits % 8", unsafe.Offsetof(p.fpBits) % 8, 0},
		{"regionHeader.strong % 64", unsafe.Offsetof(h.strong) % 64, 0},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %d, want %d", tt.name, tt.got, tt.want)
		}
	}
	for _, n := range []int{1, 3, 100, 1000} {
		l := layoutFor(n)
		if l.nBuckets < l.nLocks || l.nBuckets%NumPartitions != 0 || l.nBuckets&(l.nBuckets-1) != 0 {
			t.Errorf("%d procs: %d buckets for %d locks", n, l.nBuckets, l.nLocks)
		}
		for _, off := range []uintptr{l.procs, l.locks, l.holders, l.buckets, l.size} {
			if off%64 != 0 {
				t.Errorf("%d procs: offset %d not cache-line aligned", n, off)
			}
		}
		t.Logf("%d procs: region of %d bytes", n, l.size)
	}
}

// TestZeroRegionIsEmpty: a freshly zeroed region is an empty, usable
// table, as the postmaster creates it.
func TestZeroRegionIsEmpty(t *testing.T) {
	ms := newTable(t, 2)
	checkEmpty(t, ms[0])
	if len(ms[0].Held()) != 0 {
		t.Error("zeroed region: something held")
	}
}
