package handoff

import (
	"bytes"
	"testing"

	"golang.org/x/sys/unix"
)

func TestSessionCarriesSocket(t *testing.T) {
	pm, be, err := Pair()
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(pm)
	defer unix.Close(be)
	client, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(client[1])
	want := Session{Packet: []byte("startup"), Pending: []byte{1, 2, 3}, Remote: "127.0.0.1:5555"}
	if err := SendSession(pm, client[0], want); err != nil {
		t.Fatal(err)
	}
	unix.Close(client[0]) // the postmaster's copy; the backend's must still work
	rec, err := Receive(be)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Session == nil || !bytes.Equal(rec.Session.Packet, want.Packet) ||
		!bytes.Equal(rec.Session.Pending, want.Pending) || rec.Session.Remote != want.Remote {
		t.Fatalf("got %+v", rec.Session)
	}
	if _, err := unix.Write(rec.Client, []byte("hi")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 2)
	if n, err := unix.Read(client[1], buf); err != nil || string(buf[:n]) != "hi" {
		t.Fatalf("read %q, %v", buf[:n], err)
	}
	unix.Close(rec.Client)
}

func TestNotesAndConfig(t *testing.T) {
	pm, be, err := Pair()
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(pm)
	if err := SendConfig(pm, []byte("k=v")); err != nil {
		t.Fatal(err)
	}
	if rec, err := Receive(be); err != nil || string(rec.Config) != "k=v" {
		t.Fatalf("config %+v %v", rec, err)
	}
	if err := SendNote(be, NoteReady); err != nil {
		t.Fatal(err)
	}
	if rec, err := Receive(pm); err != nil || rec.Note != NoteReady {
		t.Fatalf("note %+v %v", rec, err)
	}
	unix.Close(be)
	if _, err := Receive(pm); err != ErrClosed {
		t.Fatalf("after close: %v", err)
	}
}

func TestMalformedRecords(t *testing.T) {
	for _, b := range [][]byte{
		{typeNote},
		{typeSession, 0, 0, 0, 9},
		{'?'},
	} {
		if _, err := decode(b, -1); err == nil {
			t.Errorf("decode(%q) accepted", b)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte{typeSession, 0, 0, 0, 1, 'x', 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{typeNote, 'R'})
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 {
			return
		}
		decode(b, 1000) // must not panic
	})
}
