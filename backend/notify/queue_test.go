package notify

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"ringpg/pgerr"
	"ringpg/sem"
)

// newQueue returns a queue over a fresh zeroed region for n proc slots.
func newQueue(t testing.TB, n int) *Queue {
	t.Helper()
	size := int(RegionSize(n))
	buf := make([]uint64, (size+7)/8)
	region := unsafe.Slice((*byte)(unsafe.Pointer(&buf[0])), size)
	q, err := AttachRegion(region, n, sem.NewWaiterTable(make([]byte, sem.WaiterTableSize(n)), n))
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func backend(t testing.TB, q *Queue, slot int, db uint32) *Backend {
	t.Helper()
	b, err := q.NewBackend(slot, int32(1000+slot), db)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// send reserves ns for b and finishes them.
func send(t testing.TB, b *Backend, commit bool, ns ...Notification) {
	t.Helper()
	r, err := b.Reserve(ns)
	if err != nil {
		t.Fatal(err)
	}
	r.Finish(commit)
}

func collect(b *Backend) []string {
	var out []string
	b.Collect(func(n Notification) { out = append(out, fmt.Sprintf("%d %s %s", n.PID, n.Channel, n.Payload)) })
	return out
}

func TestDelivery(t *testing.T) {
	q := newQueue(t, 4)
	a, b, c := backend(t, q, 0, 1), backend(t, q, 1, 1), backend(t, q, 2, 2)
	send(t, a, true, Notification{Channel: "early", Payload: "before anyone listened"})
	b.Listen("x")
	c.Listen("x")
	send(t, a, true, Notification{Channel: "x", Payload: "1"}, Notification{Channel: "y", Payload: "2"})
	send(t, a, false, Notification{Channel: "x", Payload: "rolled back"})
	send(t, a, true, Notification{Channel: "x", Payload: "3"})
	got := collect(b)
	want := []string{"1000 x 1", "1000 x 3"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("listener got %q, want %q", got, want)
	}
	if got := collect(c); len(got) != 0 {
		t.Fatalf("listener of another database got %q", got)
	}
	if got := collect(b); len(got) != 0 {
		t.Fatalf("second collect got %q again", got)
	}
}

// A pending entry stops readers until its transaction finishes, so that
// later commits are not delivered ahead of it.
func TestPendingStopsReaders(t *testing.T) {
	q := newQueue(t, 3)
	a, b, l := backend(t, q, 0, 1), backend(t, q, 1, 1), backend(t, q, 2, 1)
	l.Listen("c")
	r, err := a.Reserve([]Notification{{Channel: "c", Payload: "first"}})
	if err != nil {
		t.Fatal(err)
	}
	send(t, b, true, Notification{Channel: "c", Payload: "second"})
	if got := collect(l); len(got) != 0 {
		t.Fatalf("read past a pending entry: %q", got)
	}
	r.Finish(true)
	if got := strings.Join(collect(l), "|"); got != "1000 c first|1001 c second" {
		t.Fatalf("got %q", got)
	}
}

// The ring wraps with skip entries, and a listener that does not read
// holds the tail: the queue refuses with 54000 instead of overwriting.
func TestFullAndWrap(t *testing.T) {
	q := newQueue(t, 2)
	s, l := backend(t, q, 0, 1), backend(t, q, 1, 1)
	l.Listen("c")
	payload := strings.Repeat("p", 5000)
	n := 0
	for {
		r, err := s.Reserve([]Notification{{Channel: "c", Payload: payload}})
		if err != nil {
			var pe *pgerr.Error
			if !errors.As(err, &pe) || pe.Code != pgerr.ProgramLimitExceeded {
				t.Fatalf("full queue: %v", err)
			}
			break
		}
		r.Finish(true)
		n++
		if n > QueueBytes/5000+10 {
			t.Fatal("queue never filled")
		}
	}
	if u := q.Usage(); u < 0.99 {
		t.Fatalf("usage %.3f when full", u)
	}
	if got := len(collect(l)); got != n {
		t.Fatalf("collected %d of %d", got, n)
	}
	// Reading freed the ring: the next entries wrap around its end.
	for i := 0; i < n; i++ {
		send(t, s, true, Notification{Channel: "c", Payload: fmt.Sprint(i, payload)})
	}
	got := collect(l)
	if len(got) != n {
		t.Fatalf("after wrapping collected %d of %d", len(got), n)
	}
	for i, g := range got {
		if !strings.HasPrefix(g, fmt.Sprintf("1000 c %dp", i)) {
			t.Fatalf("entry %d after wrapping is %.20q", i, g)
		}
	}
	// Nobody listening: the tail follows the head.
	l.UnlistenAll()
	for i := 0; i < 2*n; i++ {
		send(t, s, true, Notification{Channel: "c", Payload: payload})
	}
}

func TestListenSet(t *testing.T) {
	q := newQueue(t, 1)
	b := backend(t, q, 0, 1)
	b.Listen("a")
	b.Listen("b")
	b.Listen("a")
	if got := strings.Join(b.Channels(), ","); got != "a,b" {
		t.Fatalf("channels %q", got)
	}
	b.Unlisten("a")
	b.Unlisten("zz")
	if !b.Listening() || strings.Join(b.Channels(), ",") != "b" {
		t.Fatalf("channels %q", b.Channels())
	}
	b.UnlistenAll()
	if b.Listening() || q.listeners[0].active.Load() != 0 {
		t.Fatal("still listening after UnlistenAll")
	}
}

func TestChecks(t *testing.T) {
	if CheckChannel("") == nil || CheckChannel(strings.Repeat("c", 64)) == nil || CheckChannel(strings.Repeat("c", 63)) != nil {
		t.Fatal("channel checks")
	}
	if CheckPayload(strings.Repeat("p", 8000)) == nil || CheckPayload(strings.Repeat("p", 7999)) != nil {
		t.Fatal("payload checks")
	}
}

// Senders and a listener in parallel (go test -race): every committed
// notification arrives once, in each sender's order.
func TestConcurrent(t *testing.T) {
	const senders, each = 3, 2000
	q := newQueue(t, senders+1)
	l := backend(t, q, senders, 1)
	l.Listen("c")
	var wg sync.WaitGroup
	for i := 0; i < senders; i++ {
		s := backend(t, q, i, 1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < each; j++ {
				for {
					r, err := s.Reserve([]Notification{{Channel: "c", Payload: fmt.Sprint(j)}})
					if err == nil {
						r.Finish(j%5 != 0)
						break
					}
				}
			}
		}()
	}
	next := map[int32]int{}
	got := 0
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	check := func(n Notification) {
		var j int
		fmt.Sscan(n.Payload, &j)
		if j < next[n.PID] || j%5 == 0 {
			t.Errorf("from %d got %d after %d", n.PID, j, next[n.PID])
		}
		next[n.PID] = j + 1
		got++
	}
	for {
		select {
		case <-done:
			l.Collect(check)
			if want := senders * (each - each/5); got != want {
				t.Fatalf("got %d notifications, want %d", got, want)
			}
			return
		default:
			l.Collect(check)
		}
	}
}
