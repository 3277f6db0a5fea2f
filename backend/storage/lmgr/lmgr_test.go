package lmgr

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"ringpg/pgerr"
)

// TestConflictTable checks all 64 pairs against PostgreSQL's table of
// conflicting lock modes (the manual, "Explicit Locking", table 13.2),
// written here row by row independently of mode.go: X = conflict.
func TestConflictTable(t *testing.T) {
	table := []string{
		//  AS RS RE SUE S SRE E AE
		"       X", // AccessShare
		"      XX", // RowShare
		"    XXXX", // RowExclusive
		"   XXXXX", // ShareUpdateExclusive
		"  XX XXX", // Share
		"  XXXXXX", // ShareRowExclusive
		" XXXXXXX", // Exclusive
		"XXXXXXXX", // AccessExclusive
	}
	for i, row := range table {
		for j := 0; j < 8; j++ {
			a, b := Mode(i+1), Mode(j+1)
			want := row[j] == 'X'
			if got := Conflicts(a, b); got != want {
				t.Errorf("Conflicts(%v, %v) = %v, want %v", a, b, got, want)
			}
		}
	}
}

func TestModeNames(t *testing.T) {
	want := []string{"AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock",
		"ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"}
	for i, w := range want {
		if got := Mode(i + 1).String(); got != w {
			t.Errorf("Mode(%d) = %q, want %q", i+1, got, w)
		}
	}
}

func TestTagString(t *testing.T) {
	tests := []struct {
		tag  Tag
		want string
		typ  string
	}{
		{RelationTag(5, 16384), "relation 16384 of database 5", "relation"},
		{TransactionTag(742), "transaction 742", "transactionid"},
		{TransactionTag(1<<32 + 7), "transaction 4294967303", "transactionid"},
		{ObjectTag(5, 1259, 16390, 0), "object 16390 of class 1259 of database 5", "object"},
		{AdvisoryTag(5, 42), "advisory lock [5,0,42,1]", "advisory"},
		{AdvisoryTag(5, -1), "advisory lock [5,4294967295,4294967295,1]", "advisory"},
		{AdvisoryTag2(5, 1, 2), "advisory lock [5,1,2,2]", "advisory"},
		{TupleTag(5, 16384, 3, 7), "tuple (3,7) of relation 16384 of database 5", "tuple"},
	}
	for _, tt := range tests {
		if got := tt.tag.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.tag, got, tt.want)
		}
		if got := tt.tag.Type.String(); got != tt.typ {
			t.Errorf("%#v.Type = %q, want %q", tt.tag, got, tt.typ)
		}
	}
}

// TestGrantMatrix takes every pair of modes on one object from two
// processes, for each kind of tag (relations go through the fast path for
// weak modes), and checks that the second is refused exactly when the
// modes conflict.
func TestGrantMatrix(t *testing.T) {
	ms := newTable(t, 2)
	for _, tag := range []Tag{RelationTag(1, 100), AdvisoryTag(1, 7), ObjectTag(1, 2, 3, 0), TransactionTag(9), TupleTag(1, 100, 0, 1)} {
		for a := Mode(1); a <= numModes; a++ {
			for b := Mode(1); b <= numModes; b++ {
				mustLock(t, ms[0], tag, a, Options{})
				ok, err := ms[1].TryLock(tag, b, false)
				if err != nil {
					t.Fatal(err)
				}
				if ok == Conflicts(a, b) {
					t.Errorf("%v: %v held, TryLock(%v) = %v", tag, a, b, ok)
				}
				ms[0].ReleaseAll(false)
				ms[1].ReleaseAll(false)
				checkEmpty(t, ms[0])
			}
		}
	}
}

// TestOwnLocksNeverConflict: a process may hold conflicting modes itself.
func TestOwnLocksNeverConflict(t *testing.T) {
	ms := newTable(t, 1)
	tag := RelationTag(1, 100)
	for mode := Mode(1); mode <= numModes; mode++ {
		mustLock(t, ms[0], tag, mode, Options{NoWait: true})
	}
	if n := len(ms[0].Held()); n != numModes {
		t.Errorf("Held() has %d entries, want %d", n, numModes)
	}
	ms[0].ReleaseAll(false)
	checkEmpty(t, ms[0])
}

// TestSessionAndTransactionHolds checks counting at both levels and what
// ReleaseAll(false) and ReleaseAll(true) release.
func TestSessionAndTransactionHolds(t *testing.T) {
	ms := newTable(t, 2)
	a, b := ms[0], ms[1]
	tag := AdvisoryTag(1, 42)
	free := func() bool {
		ok, err := b.TryLock(tag, Exclusive, false)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			b.ReleaseAll(false)
		}
		return ok
	}
	steps := []struct {
		do   func() bool
		want bool // free for another process afterwards
		name string
	}{
		{func() bool { return a.Lock(tag, Exclusive, Options{Session: true}) == nil }, false, "session lock"},
		{func() bool { return a.Lock(tag, Exclusive, Options{Session: true}) == nil }, false, "session lock again"},
		{func() bool { return a.Lock(tag, Exclusive, Options{}) == nil }, false, "xact lock"},
		{func() bool { a.ReleaseAll(false); return true }, false, "transaction end"},
		{func() bool { return a.Unlock(tag, Exclusive, false) == false }, false, "xact unlock of nothing"},
		{func() bool { return a.Unlock(tag, Exclusive, true) }, false, "session unlock 1 of 2"},
		{func() bool { return a.Unlock(tag, Exclusive, true) }, true, "session unlock 2 of 2"},
		{func() bool { return !a.Unlock(tag, Exclusive, true) }, true, "session unlock of nothing"},
		{func() bool { return a.Lock(tag, Exclusive, Options{}) == nil }, false, "xact lock"},
		{func() bool { return a.Lock(tag, Exclusive, Options{Session: true}) == nil }, false, "plus session lock"},
		{func() bool { return a.Unlock(tag, Exclusive, false) }, false, "xact unlock, session still held"},
		{func() bool { a.ReleaseAll(true); return true }, true, "session end"},
		{func() bool { return a.Lock(tag, Share, Options{Session: true}) == nil }, false, "session share"},
		{func() bool { return a.Lock(tag, Share, Options{}) == nil }, false, "xact share"},
		{func() bool { a.ReleaseAll(false); return true }, false, "transaction end keeps the session share"},
		{func() bool { a.ReleaseAll(true); return true }, true, "process exit"},
		{func() bool { return a.Lock(tag, Exclusive, Options{Session: true}) == nil }, false, "session lock"},
		{func() bool { a.ReleaseSession(TagAdvisory); return true }, true, "pg_advisory_unlock_all"},
		{func() bool { return a.Lock(tag, Exclusive, Options{Session: true}) == nil }, false, "session lock"},
		{func() bool { return a.Lock(tag, Exclusive, Options{}) == nil }, false, "plus xact lock"},
		{func() bool { a.ReleaseSession(TagAdvisory); return true }, false, "pg_advisory_unlock_all keeps the xact hold"},
		{func() bool { a.ReleaseAll(false); return true }, true, "transaction end"},
	}
	for _, s := range steps {
		if !s.do() {
			t.Fatalf("%s: failed", s.name)
		}
		if got := free(); got != s.want {
			t.Fatalf("after %s: free = %v, want %v (held: %+v)", s.name, got, s.want, a.Held())
		}
	}
	checkEmpty(t, a)
}

func TestNoWait(t *testing.T) {
	ms := newTable(t, 2)
	mustLock(t, ms[0], RelationTag(1, 100), AccessExclusive, Options{})
	mustLock(t, ms[0], AdvisoryTag(1, 5), Exclusive, Options{})
	tests := []struct {
		tag  Tag
		mode Mode
		name string
		want string
	}{
		{RelationTag(1, 100), AccessShare, "t", `could not obtain lock on relation "t"`},
		{RelationTag(1, 100), RowExclusive, "", `could not obtain lock on relation 100 of database 1`},
		{AdvisoryTag(1, 5), Share, "", `could not obtain lock on advisory lock [1,0,5,1]`},
	}
	for _, tt := range tests {
		start := time.Now()
		err := ms[1].Lock(tt.tag, tt.mode, Options{NoWait: true, RelationName: tt.name})
		e := pgerr.From(err)
		if err == nil || e.Code != pgerr.LockNotAvailable || e.Message != tt.want {
			t.Errorf("Lock(%v, %v, NOWAIT) = %v, want 55P03 %q", tt.tag, tt.mode, err, tt.want)
		}
		if time.Since(start) > time.Second {
			t.Errorf("NOWAIT took %v", time.Since(start))
		}
	}
	if len(ms[1].Held()) != 0 {
		t.Errorf("failed locks left holds: %+v", ms[1].Held())
	}
	ms[0].ReleaseAll(true)
	checkEmpty(t, ms[0])
}

func TestLockTimeout(t *testing.T) {
	ms := newTable(t, 2)
	tag := RelationTag(1, 100)
	mustLock(t, ms[0], tag, AccessShare, Options{})
	start := time.Now()
	err := ms[1].Lock(tag, AccessExclusive, Options{Timeout: 50 * time.Millisecond})
	el := time.Since(start)
	e := pgerr.From(err)
	if err == nil || e.Code != pgerr.LockNotAvailable || e.Message != "canceling statement due to lock timeout" {
		t.Fatalf("Lock = %v, want 55P03 lock timeout", err)
	}
	if el < 50*time.Millisecond || el > 5*time.Second {
		t.Errorf("lock timeout after %v, want about 50ms", el)
	}
	// The failed strong attempt leaves the relation's weak lock where it
	// was moved, and the fast path open again.
	ms[0].ReleaseAll(false)
	checkEmpty(t, ms[0])
	mustLock(t, ms[1], tag, AccessShare, Options{})
	if h := ms[1].Held(); len(h) != 1 || !h[0].FastPath {
		t.Errorf("after the strong attempt failed: held %+v, want one fast-path hold", h)
	}
	ms[1].ReleaseAll(false)
	checkEmpty(t, ms[0])
}

func TestCancelWhileWaiting(t *testing.T) {
	ms := newTable(t, 2)
	tag := AdvisoryTag(1, 1)
	mustLock(t, ms[0], tag, Exclusive, Options{Session: true})
	canceled := make(chan struct{})
	errCanceled := pgerr.New(pgerr.QueryCanceled, "canceling statement due to user request")
	ch := lockAsync(ms[1], tag, Exclusive, Options{Cancel: func() error {
		select {
		case <-canceled:
			return errCanceled
		default:
			return nil
		}
	}})
	waitFor(t, "slot 1 waiting", func() bool { return waiting(ms[0], 1) })
	close(canceled)
	start := time.Now()
	ms[1].Interrupt()
	err := recv(t, ch)
	if !errors.Is(err, errCanceled) {
		t.Fatalf("Lock = %v, want the cancel error", err)
	}
	if el := time.Since(start); el > time.Second {
		t.Errorf("cancel took %v", el)
	}
	ms[0].ReleaseAll(true)
	checkEmpty(t, ms[0])
}

// TestQueueOrder: a request that conflicts with an earlier waiter's waits
// behind it even when the granted modes would allow it, and releases wake
// waiters in queue order.
func TestQueueOrder(t *testing.T) {
	ms := newTable(t, 3)
	tag := ObjectTag(1, 2, 3, 0)
	mustLock(t, ms[0], tag, AccessShare, Options{})
	x := lockAsync(ms[1], tag, AccessExclusive, Options{})
	waitFor(t, "slot 1 waiting", func() bool { return waiting(ms[0], 1) })
	s := lockAsync(ms[2], tag, AccessShare, Options{})
	waitFor(t, "slot 2 waiting", func() bool { return waiting(ms[0], 2) })
	ms[0].ReleaseAll(false)
	if err := recv(t, x); err != nil {
		t.Fatal(err)
	}
	notDone(t, s, "AccessShare behind AccessExclusive")
	ms[1].ReleaseAll(false)
	if err := recv(t, s); err != nil {
		t.Fatal(err)
	}
	ms[2].ReleaseAll(false)
	checkEmpty(t, ms[0])
}

// TestHolderJumpsQueue: a process that holds a mode a waiter waits for
// does not queue behind that waiter for a further mode that only the
// waiter's request conflicts with.
func TestHolderJumpsQueue(t *testing.T) {
	ms := newTable(t, 2)
	tag := ObjectTag(1, 2, 3, 0)
	mustLock(t, ms[0], tag, AccessShare, Options{})
	x := lockAsync(ms[1], tag, AccessExclusive, Options{})
	waitFor(t, "slot 1 waiting", func() bool { return waiting(ms[0], 1) })
	if err := ms[0].Lock(tag, RowExclusive, Options{NoWait: true}); err != nil {
		t.Fatalf("holder's RowExclusive: %v", err)
	}
	notDone(t, x, "AccessExclusive")
	ms[0].ReleaseAll(false)
	if err := recv(t, x); err != nil {
		t.Fatal(err)
	}
	ms[1].ReleaseAll(false)
	checkEmpty(t, ms[0])
}

// TestSharedWaitersWokenTogether: one release grants every compatible
// waiter at the head of the queue.
func TestSharedWaitersWokenTogether(t *testing.T) {
	ms := newTable(t, 4)
	tag := AdvisoryTag(1, 9)
	mustLock(t, ms[0], tag, Exclusive, Options{})
	var chs []<-chan error
	for i := 1; i < 4; i++ {
		chs = append(chs, lockAsync(ms[i], tag, Share, Options{}))
		waitFor(t, "waiter", func() bool { return waiting(ms[0], i) })
	}
	ms[0].ReleaseAll(false)
	for _, ch := range chs {
		if err := recv(t, ch); err != nil {
			t.Fatal(err)
		}
	}
	for i := 1; i < 4; i++ {
		ms[i].ReleaseAll(false)
	}
	checkEmpty(t, ms[0])
}

// TestFastPathStrongLock: weak relation locks are taken on the fast path;
// a strong lock moves them into the shared table and waits for their
// holders to finish; while it is held or awaited, weak locks go to the
// shared table and wait behind it.
func TestFastPathStrongLock(t *testing.T) {
	ms := newTable(t, 3)
	rel := RelationTag(1, 100)
	mustLock(t, ms[0], rel, AccessShare, Options{})
	mustLock(t, ms[0], rel, RowExclusive, Options{})
	for _, h := range ms[0].Held() {
		if !h.FastPath {
			t.Errorf("%+v not on the fast path", h)
		}
	}
	want := []string{
		"relation relation 100 of database 1 slot=0 pid=1000 AccessShareLock granted=true fastpath=true waiting=false",
		"relation relation 100 of database 1 slot=0 pid=1000 RowExclusiveLock granted=true fastpath=true waiting=false",
	}
	if got := rows(ms[2].Snapshot()); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("snapshot:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	x := lockAsync(ms[1], rel, AccessExclusive, Options{})
	waitFor(t, "AccessExclusive waiting", func() bool { return waiting(ms[2], 1) })
	want = []string{
		"relation relation 100 of database 1 slot=0 pid=1000 AccessShareLock granted=true fastpath=false waiting=false",
		"relation relation 100 of database 1 slot=0 pid=1000 RowExclusiveLock granted=true fastpath=false waiting=false",
		"relation relation 100 of database 1 slot=1 pid=1001 AccessExclusiveLock granted=false fastpath=false waiting=true",
	}
	if got := rows(ms[2].Snapshot()); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("snapshot:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// A new weak lock now waits behind the strong one.
	s := lockAsync(ms[2], rel, AccessShare, Options{})
	waitFor(t, "AccessShare waiting", func() bool { return waiting(ms[0], 2) })
	if got := ms[0].BlockingSlots(1); !slices.Equal(got, []int{0}) {
		t.Errorf("BlockingSlots(1) = %v, want [0] (the moved fast-path holds)", got)
	}
	if got := ms[0].BlockingSlots(2); !slices.Equal(got, []int{1}) {
		t.Errorf("BlockingSlots(2) = %v, want [1] (queued ahead)", got)
	}
	if got := ms[0].BlockingSlots(0); len(got) != 0 {
		t.Errorf("BlockingSlots(0) = %v for a process not waiting", got)
	}
	if ev := ms[0].WaitEvent(2); ev != "relation" {
		t.Errorf("WaitEvent(2) = %q, want relation", ev)
	}
	if ev := ms[0].WaitEvent(0); ev != "" {
		t.Errorf("WaitEvent(0) = %q, want none", ev)
	}
	// Unlocking one of two moved holds keeps the strong lock waiting.
	if !ms[0].Unlock(rel, RowExclusive, false) {
		t.Fatal("Unlock of a moved fast-path hold failed")
	}
	notDone(t, x, "AccessExclusive")
	ms[0].ReleaseAll(false)
	if err := recv(t, x); err != nil {
		t.Fatal(err)
	}
	notDone(t, s, "AccessShare")
	ms[1].ReleaseAll(false)
	if err := recv(t, s); err != nil {
		t.Fatal(err)
	}
	if h := ms[2].Held(); len(h) != 1 || h[0].FastPath {
		t.Errorf("weak lock taken while the strong one was queued: %+v, want a shared-table hold", h)
	}
	ms[2].ReleaseAll(false)
	checkEmpty(t, ms[0])
	// With no strong lock left, the fast path is open again.
	mustLock(t, ms[2], rel, AccessShare, Options{})
	if h := ms[2].Held(); len(h) != 1 || !h[0].FastPath {
		t.Errorf("after the strong lock: %+v, want a fast-path hold", h)
	}
	ms[2].ReleaseAll(false)
	checkEmpty(t, ms[0])
}

// TestFastPathOverflow: more relations than fast-path slots spill into the
// shared table.
func TestFastPathOverflow(t *testing.T) {
	ms := newTable(t, 2)
	n := FastPathSlots + 4
	for i := 0; i < n; i++ {
		mustLock(t, ms[0], RelationTag(1, uint32(200+i)), AccessShare, Options{})
	}
	fast := 0
	for _, h := range ms[0].Held() {
		if h.FastPath {
			fast++
		}
	}
	if fast != FastPathSlots {
		t.Errorf("%d fast-path holds, want %d", fast, FastPathSlots)
	}
	if got := len(ms[1].Snapshot()); got != n {
		t.Errorf("snapshot has %d rows, want %d", got, n)
	}
	for i := 0; i < n; i++ {
		if ok, _ := ms[1].TryLock(RelationTag(1, uint32(200+i)), AccessExclusive, false); ok {
			t.Errorf("relation %d: AccessExclusive granted over AccessShare", 200+i)
		}
	}
	ms[0].ReleaseAll(false)
	checkEmpty(t, ms[0])
}

func TestSnapshot(t *testing.T) {
	ms := newTable(t, 3)
	mustLock(t, ms[0], AdvisoryTag2(5, 1, 2), Exclusive, Options{Session: true})
	mustLock(t, ms[0], TransactionTag(77), Exclusive, Options{})
	mustLock(t, ms[1], ObjectTag(5, 1262, 3, 0), AccessShare, Options{})
	mustLock(t, ms[1], RelationTag(5, 16384), ShareUpdateExclusive, Options{})
	mustLock(t, ms[1], TupleTag(5, 16384, 3, 7), Exclusive, Options{})
	w := lockAsync(ms[2], TransactionTag(77), Share, Options{})
	waitFor(t, "waiter", func() bool { return waiting(ms[0], 2) })
	snap := ms[1].Snapshot()
	want := []string{
		"advisory advisory lock [5,1,2,2] slot=0 pid=1000 ExclusiveLock granted=true fastpath=false waiting=false",
		"object object 3 of class 1262 of database 5 slot=1 pid=1001 AccessShareLock granted=true fastpath=false waiting=false",
		"relation relation 16384 of database 5 slot=1 pid=1001 ShareUpdateExclusiveLock granted=true fastpath=false waiting=false",
		"transactionid transaction 77 slot=0 pid=1000 ExclusiveLock granted=true fastpath=false waiting=false",
		"transactionid transaction 77 slot=2 pid=1002 ShareLock granted=false fastpath=false waiting=true",
		"tuple tuple (3,7) of relation 16384 of database 5 slot=1 pid=1001 ExclusiveLock granted=true fastpath=false waiting=false",
	}
	if got := rows(snap); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("snapshot:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, li := range snap {
		switch li.LockType {
		case "advisory":
			if li.Database != 5 || li.ClassID != 1 || li.ObjID != 2 || li.ObjSubID != 2 {
				t.Errorf("advisory row %+v", li)
			}
		case "transactionid":
			if li.TransactionID != 77 {
				t.Errorf("transactionid row %+v", li)
			}
			if !li.Granted && time.Since(li.WaitStart) > time.Minute {
				t.Errorf("waitstart %v", li.WaitStart)
			}
		case "relation":
			if li.Database != 5 || li.Relation != 16384 {
				t.Errorf("relation row %+v", li)
			}
		case "tuple":
			if li.Database != 5 || li.Relation != 16384 || li.Page != 3 || li.Tuple != 7 {
				t.Errorf("tuple row %+v", li)
			}
		case "object":
			if li.Database != 5 || li.ClassID != 1262 || li.ObjID != 3 {
				t.Errorf("object row %+v", li)
			}
		}
	}
	ms[0].ReleaseAll(true)
	if err := recv(t, w); err != nil {
		t.Fatal(err)
	}
	ms[1].ReleaseAll(false)
	ms[2].ReleaseAll(false)
	checkEmpty(t, ms[0])
}

var deadlockLine = regexp.MustCompile(`^Process (\d+) waits for (\w+) on (.+); blocked by process (\d+)\.$`)

// checkDeadlockDetail checks a 40P01 error's wording and that its DETAIL
// lines form a cycle over exactly the given pids.
func checkDeadlockDetail(t testing.TB, err error, pids ...int32) {
	t.Helper()
	e := pgerr.From(err)
	if e.Code != pgerr.DeadlockDetected || e.Message != "deadlock detected" || e.Hint != "See server log for query details." {
		t.Fatalf("error %v (%+v), want 40P01 deadlock detected", err, e)
	}
	lines := strings.Split(e.Detail, "\n")
	if len(lines) != len(pids) {
		t.Fatalf("DETAIL has %d lines, want %d:\n%s", len(lines), len(pids), e.Detail)
	}
	seen := map[string]bool{}
	var prevBlocker string
	for i, l := range lines {
		mm := deadlockLine.FindStringSubmatch(l)
		if mm == nil {
			t.Fatalf("DETAIL line %q is not PostgreSQL's wording", l)
		}
		if i > 0 && mm[1] != prevBlocker {
			t.Errorf("line %d: process %s, but the previous line is blocked by %s", i, mm[1], prevBlocker)
		}
		prevBlocker = mm[4]
		seen[mm[1]] = true
	}
	if first := deadlockLine.FindStringSubmatch(lines[0])[1]; prevBlocker != first {
		t.Errorf("last line blocked by %s, want the first process %s", prevBlocker, first)
	}
	for _, p := range pids {
		if !seen[itoa(p)] {
			t.Errorf("pid %d missing from DETAIL:\n%s", p, e.Detail)
		}
	}
}

func itoa(p int32) string { return strconv.Itoa(int(p)) }

// TestDeadlockInProcess: n Managers each hold one object and ask for the
// next one's; exactly one fails with 40P01 and the others go on.
func TestDeadlockInProcess(t *testing.T) {
	for _, n := range []int{2, 3} {
		ms := newTable(t, n)
		tags := make([]Tag, n)
		for i := range tags {
			tags[i] = RelationTag(1, uint32(100+i))
			mustLock(t, ms[i], tags[i], AccessExclusive, Options{})
		}
		chs := make([]<-chan error, n)
		for i := range ms {
			chs[i] = lockAsync(ms[i], tags[(i+1)%n], RowExclusive, Options{DeadlockTimeout: 30 * time.Millisecond})
		}
		victims := 0
		pids := make([]int32, n)
		for i := range pids {
			pids[i] = int32(1000 + i)
		}
		done := make([]bool, n)
		for left := n; left > 0; left-- {
			// Whoever returns first is the victim; it ends its
			// transaction, which lets the others through.
			var err error
			var who int
			select {
			case err = <-chs[0]:
				who = 0
			case err = <-chs[1]:
				who = 1
			case err = <-chanAt(chs, 2):
				who = 2
			case <-time.After(10 * time.Second):
				t.Fatal("deadlock not resolved")
			}
			done[who] = true
			if err != nil {
				victims++
				checkDeadlockDetail(t, err, pids...)
			}
			ms[who].ReleaseAll(false)
		}
		if victims != 1 {
			t.Errorf("%d processes: %d victims, want 1", n, victims)
		}
		checkEmpty(t, ms[0])
	}
}

func chanAt(chs []<-chan error, i int) <-chan error {
	if i < len(chs) {
		return chs[i]
	}
	return nil
}

// TestUpgradeDeadlock: two holders of Share both asking for Exclusive is
// PostgreSQL's classic lock-upgrade deadlock. The second to ask finds it
// while queuing, or the first finds it at its deadlock check if the second
// queued after that.
func TestUpgradeDeadlock(t *testing.T) {
	ms := newTable(t, 2)
	tag := AdvisoryTag(1, 3)
	mustLock(t, ms[0], tag, Share, Options{})
	mustLock(t, ms[1], tag, Share, Options{})
	a := lockAsync(ms[0], tag, Exclusive, Options{DeadlockTimeout: 20 * time.Millisecond})
	waitFor(t, "slot 0 waiting", func() bool { return waiting(ms[1], 0) })
	b := lockAsync(ms[1], tag, Exclusive, Options{DeadlockTimeout: 20 * time.Millisecond})
	// Either may be the victim (slot 0 if its check comes after slot 1
	// queued); the other then gets its lock.
	var err error
	survivor, sch := 1, b
	select {
	case err = <-a:
		ms[0].ReleaseAll(false)
	case err = <-b:
		survivor, sch = 0, a
		ms[1].ReleaseAll(false)
	case <-time.After(10 * time.Second):
		t.Fatal("deadlock not detected")
	}
	checkDeadlockDetail(t, err, 1000, 1001)
	if err := recv(t, sch); err != nil {
		t.Fatalf("survivor %d: %v", survivor, err)
	}
	ms[survivor].ReleaseAll(false)
	checkEmpty(t, ms[0])
}

// TestNoFalseDeadlock: a long wait without a cycle is not a deadlock.
func TestNoFalseDeadlock(t *testing.T) {
	ms := newTable(t, 3)
	tag := RelationTag(1, 100)
	mustLock(t, ms[0], tag, AccessExclusive, Options{})
	a := lockAsync(ms[1], tag, AccessShare, Options{DeadlockTimeout: 10 * time.Millisecond})
	b := lockAsync(ms[2], tag, AccessExclusive, Options{DeadlockTimeout: 10 * time.Millisecond})
	time.Sleep(60 * time.Millisecond) // past both deadlock checks: this is the point of the test
	notDone(t, a, "AccessShare")
	notDone(t, b, "AccessExclusive")
	ms[0].ReleaseAll(false)
	for range 2 {
		select {
		case err := <-a:
			if err != nil {
				t.Fatal(err)
			}
			ms[1].ReleaseAll(false)
			a = nil
		case err := <-b:
			if err != nil {
				t.Fatal(err)
			}
			ms[2].ReleaseAll(false)
			b = nil
		case <-time.After(10 * time.Second):
			t.Fatal("waiters not woken")
		}
	}
	checkEmpty(t, ms[0])
}

func TestOutOfSharedMemory(t *testing.T) {
	ms := newTable(t, 1)
	var err error
	n := 0
	for ; n < 10*minLocks && err == nil; n++ {
		err = ms[0].Lock(AdvisoryTag(1, int64(n)), Exclusive, Options{})
	}
	e := pgerr.From(err)
	if err == nil || e.Code != pgerr.OutOfMemory || e.Message != "out of shared memory" ||
		e.Hint != "You might need to increase max_locks_per_transaction." {
		t.Fatalf("after %d locks: %v, want 53200 out of shared memory", n, err)
	}
	if n-1 != minLocks {
		t.Errorf("table took %d locks, want %d", n-1, minLocks)
	}
	ms[0].ReleaseAll(false)
	checkEmpty(t, ms[0])
	mustLock(t, ms[0], AdvisoryTag(1, 1), Exclusive, Options{})
	ms[0].ReleaseAll(false)
}

func TestBadMode(t *testing.T) {
	ms := newTable(t, 1)
	if err := ms[0].Lock(AdvisoryTag(1, 1), 0, Options{}); code(err) != pgerr.InternalError {
		t.Errorf("Lock with mode 0 = %v, want XX000", err)
	}
	if ms[0].Unlock(AdvisoryTag(1, 1), 9, false) {
		t.Error("Unlock with mode 9 succeeded")
	}
}

// TestSoftDeadlockReordered: a cycle that runs through a queue's order
// only (C waits behind B, which waits for A, which waits for C's
// transaction) is broken by moving C ahead of B, as PostgreSQL does:
// nobody fails, and C's read lock is granted at once.
func TestSoftDeadlockReordered(t *testing.T) {
	ms := newTable(t, 3)
	a, b, c := ms[0], ms[1], ms[2]
	rel, xact := RelationTag(1, 100), TransactionTag(500)
	long := Options{DeadlockTimeout: time.Hour}
	mustLock(t, a, rel, AccessShare, Options{})
	mustLock(t, c, xact, Exclusive, Options{})
	bx := lockAsync(b, rel, AccessExclusive, long)
	waitFor(t, "B waiting", func() bool { return waiting(a, 1) })
	cs := lockAsync(c, rel, AccessShare, long)
	waitFor(t, "C waiting", func() bool { return waiting(a, 2) })
	as := lockAsync(a, xact, Share, Options{DeadlockTimeout: 20 * time.Millisecond})
	if err := recv(t, cs); err != nil {
		t.Fatalf("C: %v", err)
	}
	notDone(t, as, "A's ShareLock on C's transaction")
	c.ReleaseAll(false)
	if err := recv(t, as); err != nil {
		t.Fatalf("A: %v", err)
	}
	notDone(t, bx, "B's AccessExclusiveLock")
	a.ReleaseAll(false)
	if err := recv(t, bx); err != nil {
		t.Fatalf("B: %v", err)
	}
	b.ReleaseAll(false)
	checkEmpty(t, a)
}

// TestQueuedWaiterHardDeadlock: like TestSoftDeadlockReordered, but C's
// request conflicts with A's granted mode as well, so no reordering helps:
// a deadlock between A and C, and B keeps its place at the head.
func TestQueuedWaiterHardDeadlock(t *testing.T) {
	ms := newTable(t, 3)
	a, b, c := ms[0], ms[1], ms[2]
	obj, xact := ObjectTag(1, 2, 3, 0), TransactionTag(500)
	long := Options{DeadlockTimeout: time.Hour}
	mustLock(t, a, obj, Share, Options{})
	mustLock(t, c, xact, Exclusive, Options{})
	bx := lockAsync(b, obj, Exclusive, long) // waits for A
	waitFor(t, "B waiting", func() bool { return waiting(a, 1) })
	cx := lockAsync(c, obj, Exclusive, long) // behind B, and conflicts with A's Share too
	waitFor(t, "C waiting", func() bool { return waiting(a, 2) })
	err := a.Lock(xact, Share, Options{DeadlockTimeout: 20 * time.Millisecond})
	checkDeadlockDetail(t, err, 1000, 1002)
	a.ReleaseAll(false)
	// B was first in the queue and still is.
	if err := recv(t, bx); err != nil {
		t.Fatalf("B: %v", err)
	}
	notDone(t, cx, "C")
	b.ReleaseAll(false)
	if err := recv(t, cx); err != nil {
		t.Fatalf("C: %v", err)
	}
	c.ReleaseAll(false)
	checkEmpty(t, a)
}

// TestLogLockWaits checks log_lock_waits' messages: still waiting after
// the deadlock check, then acquired; and the deadlock report.
func TestLogLockWaits(t *testing.T) {
	ms := newTable(t, 3)
	tag := TransactionTag(456)
	mustLock(t, ms[0], tag, Share, Options{})
	mustLock(t, ms[1], tag, Share, Options{})
	var logs []string
	logf := func(msg, detail string) { logs = append(logs, msg+" | "+detail) }
	ch := lockAsync(ms[2], tag, Exclusive, Options{DeadlockTimeout: 10 * time.Millisecond, LogWait: logf})
	waitFor(t, "waiter", func() bool { return waiting(ms[0], 2) })
	time.Sleep(40 * time.Millisecond) // past the deadlock check, whose message is the point
	ms[0].ReleaseAll(false)
	ms[1].ReleaseAll(false)
	if err := recv(t, ch); err != nil {
		t.Fatal(err)
	}
	want := []*regexp.Regexp{
		regexp.MustCompile(`^process 1002 still waiting for ExclusiveLock on transaction 456 after \d+\.\d{3} ms \| Processes holding the lock: (1000, 1001|1001, 1000)\. Wait queue: 1002\.$`),
		regexp.MustCompile(`^process 1002 acquired ExclusiveLock on transaction 456 after \d+\.\d{3} ms \| $`),
	}
	if len(logs) != len(want) {
		t.Fatalf("logged %q, want %d messages", logs, len(want))
	}
	for i, re := range want {
		if !re.MatchString(logs[i]) {
			t.Errorf("log %d = %q, want %v", i, logs[i], re)
		}
	}
	ms[2].ReleaseAll(false)

	// A deadlock is logged before it is reported.
	logs = nil
	a, b := AdvisoryTag(1, 1), AdvisoryTag(1, 2)
	mustLock(t, ms[0], a, Exclusive, Options{})
	mustLock(t, ms[1], b, Exclusive, Options{})
	ch = lockAsync(ms[0], b, Exclusive, Options{DeadlockTimeout: time.Hour})
	waitFor(t, "waiter", func() bool { return waiting(ms[1], 0) })
	err := ms[1].Lock(a, Exclusive, Options{DeadlockTimeout: 10 * time.Millisecond, LogWait: logf})
	checkDeadlockDetail(t, err, 1000, 1001)
	re := regexp.MustCompile(`^process 1001 detected deadlock while waiting for ExclusiveLock on advisory lock \[1,0,1,1\] after \d+\.\d{3} ms \| Process holding the lock: 1000\. Wait queue: 1001\.$`)
	if len(logs) != 1 || !re.MatchString(logs[0]) {
		t.Errorf("logged %q, want one match of %v", logs, re)
	}
	ms[1].ReleaseAll(false)
	if err := recv(t, ch); err != nil {
		t.Fatal(err)
	}
	ms[0].ReleaseAll(false)
	checkEmpty(t, ms[0])
}

// TestUpgradeDeadlockAtOnce: a holder asking for a mode that a waiter's
// holds conflict with, while that waiter waits for a mode the holder's
// holds conflict with, fails at once, without waiting for the detector.
func TestUpgradeDeadlockAtOnce(t *testing.T) {
	ms := newTable(t, 2)
	tag := AdvisoryTag(1, 3)
	mustLock(t, ms[0], tag, Share, Options{})
	mustLock(t, ms[1], tag, Share, Options{})
	a := lockAsync(ms[0], tag, Exclusive, Options{DeadlockTimeout: time.Hour})
	waitFor(t, "slot 0 waiting", func() bool { return waiting(ms[1], 0) })
	start := time.Now()
	err := ms[1].Lock(tag, Exclusive, Options{DeadlockTimeout: time.Hour})
	checkDeadlockDetail(t, err, 1000, 1001)
	want := "Process 1001 waits for ExclusiveLock on advisory lock [1,0,3,1]; blocked by process 1000.\n" +
		"Process 1000 waits for ExclusiveLock on advisory lock [1,0,3,1]; blocked by process 1001."
	if d := pgerr.From(err).Detail; d != want {
		t.Errorf("DETAIL %q, want %q", d, want)
	}
	if el := time.Since(start); el > time.Second {
		t.Errorf("took %v", el)
	}
	ms[1].ReleaseAll(false)
	if err := recv(t, a); err != nil {
		t.Fatal(err)
	}
	ms[0].ReleaseAll(false)
	checkEmpty(t, ms[0])
}

// TestCancelPolled: without Interrupt, a waiting Lock still notices a
// cancel within a few CancelPoll periods.
func TestCancelPolled(t *testing.T) {
	ms := newTable(t, 2)
	tag := AdvisoryTag(1, 1)
	mustLock(t, ms[0], tag, Exclusive, Options{})
	var canceled atomic.Bool
	errCanceled := pgerr.New(pgerr.QueryCanceled, "canceling statement due to statement timeout")
	ch := lockAsync(ms[1], tag, Exclusive, Options{Cancel: func() error {
		if canceled.Load() {
			return errCanceled
		}
		return nil
	}})
	waitFor(t, "slot 1 waiting", func() bool { return waiting(ms[0], 1) })
	start := time.Now()
	canceled.Store(true)
	if err := recv(t, ch); !errors.Is(err, errCanceled) {
		t.Fatalf("Lock = %v, want the cancel error", err)
	}
	if el := time.Since(start); el > 50*CancelPoll {
		t.Errorf("cancel noticed after %v", el)
	}
	if ev := ms[0].WaitEvent(1); ev != "" {
		t.Errorf("WaitEvent after the wait = %q", ev)
	}
	ms[0].ReleaseAll(false)
	checkEmpty(t, ms[0])
}
