package shm

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"unsafe"

	"ringpg/sem"
)

func TestCreateAttachRoundTrip(t *testing.T) {
	seg, err := Create(Config{MaxProcs: 8, HugePages: HugeOff})
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Close()
	if seg.Len()%pageSize != 0 || seg.Len() < Size(Config{MaxProcs: 8}) {
		t.Fatalf("segment of %d bytes for a layout of %d", seg.Len(), Size(Config{MaxProcs: 8}))
	}
	p := seg.Proc(3)
	p.Claim(4242, KindBackend)
	p.SessionStarted(1, "postgres", "alice")
	p.SetQuery("select 1")
	seg.Counters().Queries.Add(7)

	again, err := Attach(seg.Fd())
	if err != nil {
		t.Fatal(err)
	}
	defer again.Unmap()
	if got := again.FindProc(4242); got == nil || got.Activity().User != "alice" || got.Activity().Query != "select 1" {
		t.Fatalf("second mapping sees %+v", got)
	}
	if again.Counters().Queries.Load() != 7 {
		t.Fatal("counters not shared between mappings")
	}
	if again.FindProc(1) != nil {
		t.Fatal("found a proc for an unknown pid")
	}
	p.Clear()
	if again.FindProc(4242) != nil {
		t.Fatal("cleared slot still found")
	}
}

func TestAttachRejectsForeignMemory(t *testing.T) {
	fd, err := os.CreateTemp(t.TempDir(), "notshm")
	if err != nil {
		t.Fatal(err)
	}
	fd.Write(make([]byte, 8192))
	if _, err := Attach(int(fd.Fd())); err == nil {
		t.Fatal("attached to a file without the segment's magic")
	}
}

func TestLayoutAlignment(t *testing.T) {
	l := computeLayout(Config{MaxProcs: 100})
	for name, off := range map[string]uintptr{"proc": l.procOff, "counters": l.countersOff, "wait": l.waitOff} {
		if off%64 != 0 {
			t.Errorf("%s region at %d, not cache-line aligned", name, off)
		}
	}
	if unsafe.Sizeof(Proc{})%8 != 0 {
		t.Errorf("Proc is %d bytes, not a multiple of 8", unsafe.Sizeof(Proc{}))
	}
	if l.waitOff+sem.WaiterTableSize(100) > l.end {
		t.Error("wait table overruns the segment")
	}
}

// TestHugePagesOn: with huge_pages=on the segment either sits on huge pages
// or creation fails saying how to reserve them; never silently small pages.
func TestHugePagesOn(t *testing.T) {
	seg, err := Create(Config{MaxProcs: 4, HugePages: HugeOn})
	if err != nil {
		if !errors.Is(err, ErrNoHugePages) {
			t.Fatalf("huge_pages=on failed without saying why: %v", err)
		}
		t.Logf("no huge pages reserved here: %v", err)
		return
	}
	defer seg.Close()
	if !seg.Huge() || seg.Len()%HugePageSize != 0 {
		t.Fatalf("huge_pages=on gave a %d-byte segment, huge=%v", seg.Len(), seg.Huge())
	}
}

func TestHugePagesTryFallsBack(t *testing.T) {
	seg, err := Create(Config{MaxProcs: 4, HugePages: HugeTry})
	if err != nil {
		t.Fatalf("huge_pages=try must not fail: %v", err)
	}
	seg.Close()
}

// TestSharedAcrossProcesses: a child process attaches through an inherited
// descriptor and its writes are seen here.
func TestSharedAcrossProcesses(t *testing.T) {
	if os.Getenv("SHM_TEST_CHILD") == "1" {
		seg, err := Attach(3)
		if err != nil {
			os.Exit(2)
		}
		p := seg.Proc(1)
		p.Claim(int32(os.Getpid()), KindBackend)
		seg.Waiters().Waiter(1).Sema().Post()
		os.Exit(0)
	}
	seg, err := Create(Config{MaxProcs: 4, HugePages: HugeOff})
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSharedAcrossProcesses$")
	cmd.Env = append(os.Environ(), "SHM_TEST_CHILD=1")
	cmd.ExtraFiles = []*os.File{os.NewFile(uintptr(seg.Fd()), "shm")}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	seg.Waiters().Waiter(1).Sema().Wait() // posted by the child
	if got := seg.Proc(1).Pid(); got != int32(cmd.Process.Pid) {
		t.Fatalf("slot 1 pid %d, child was %d", got, cmd.Process.Pid)
	}
}

func TestRegions(t *testing.T) {
	cfg := Config{MaxProcs: 4, HugePages: HugeOff, Regions: []RegionSpec{{"buffers", 3 * 8192}, {"locks", 100}}}
	seg, err := Create(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Close()
	buf := seg.Region("buffers")
	if len(buf) != 3*8192 || uintptr(unsafe.Pointer(&buf[0]))%pageSize != 0 {
		t.Fatalf("buffers region of %d bytes at %p", len(buf), &buf[0])
	}
	buf[8191] = 7
	again, err := Attach(seg.Fd())
	if err != nil {
		t.Fatal(err)
	}
	defer again.Unmap()
	if got := again.Region("buffers"); len(got) != len(buf) || got[8191] != 7 {
		t.Fatal("region not shared through Attach")
	}
	if len(again.Region("locks")) != 100 || again.Region("nope") != nil {
		t.Fatal("region lookup wrong")
	}
	if _, err := Create(Config{MaxProcs: 1, Regions: []RegionSpec{{"a", 1}, {"a", 1}}}); err == nil {
		t.Fatal("duplicate region names accepted")
	}
}

// TestClientClearedBySessionStart: a slot's client and TLS state belong to
// one session; the next session on the same slot starts without them.
func TestClientClearedBySessionStart(t *testing.T) {
	seg, err := Create(Config{MaxProcs: 2, HugePages: HugeOff})
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Close()
	p := seg.Proc(1)
	p.Claim(4243, KindBackend)
	p.SessionStarted(1, "postgres", "alice")
	tlsState := SSLStatus{SSL: true, Version: "TLSv1.3", Cipher: "TLS_AES_128_GCM_SHA256", Bits: 128,
		ClientDN: "/CN=alice", ClientSerial: "12345678901234567890", IssuerDN: "/CN=" + strings.Repeat("x", 100)}
	p.SetClient(Client{Addr: "127.0.0.1", Port: 50000, SSL: tlsState})
	got := p.Activity().Client
	if got.Addr != "127.0.0.1" || got.Port != 50000 || !got.SSL.SSL || got.SSL.ClientDN != "/CN=alice" ||
		got.SSL.ClientSerial != "12345678901234567890" || got.SSL.Bits != 128 || len(got.SSL.IssuerDN) != nameSize-1 {
		t.Fatalf("client %+v", got)
	}
	p.SessionStarted(2, "postgres", "bob")
	if got := p.Activity().Client; got != (Client{}) {
		t.Fatalf("the next session sees the last one's client: %+v", got)
	}
}
