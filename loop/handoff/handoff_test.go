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

func TestSessionRecordRoundTrip(t *testing.T) {
	for _, want := range []Session{
		{Packet: []byte("startup"), Pending: []byte{1}, Remote: "[::1]:5432"},
		{Pending: []byte{0x16, 3, 1}, Remote: "10.0.0.1:1", SSL: true}, // TLS requested: no packet yet
		{Remote: "", SSL: true},
	} {
		b, err := encodeSession(want)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := decode(b, 7)
		if err != nil {
			t.Fatalf("decode %+v: %v", want, err)
		}
		got := rec.Session
		if got == nil || rec.Client != 7 || !bytes.Equal(got.Packet, want.Packet) || !bytes.Equal(got.Pending, want.Pending) ||
			got.Remote != want.Remote || got.SSL != want.SSL {
			t.Errorf("round trip of %+v gave %+v", want, got)
		}
	}
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
		{typeSession, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},                   // no flags part
		{typeSession, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 1}, // flags of two bytes
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
