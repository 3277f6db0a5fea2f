package uring

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestRecvMultishot arms one receive and feeds it several messages, each
// landing in a provided buffer; then runs the group dry (-ENOBUFS ends the
// multishot) and checks end of stream.
func TestRecvMultishot(t *testing.T) {
	r := newRing(t, 8)
	br, err := r.NewBufRing(1, 4, 16)
	if err != nil {
		t.Skip("no provided buffer rings here:", err)
	}
	defer br.Close()
	a, b := socketpair(t, true)

	arm := func() {
		s := sqe(t, r)
		s.PrepRecvMultishot(b, br.Group(), 0)
		s.SetUserData(9)
		if _, err := r.Submit(); err != nil {
			t.Fatal(err)
		}
	}
	// next waits for the receive's next completion.
	next := func() CQE {
		c, err := r.WaitCQE()
		if err != nil {
			t.Fatal(err)
		}
		v := *c
		r.Advance(1)
		if v.UserData != 9 {
			t.Fatalf("unexpected completion %+v", v)
		}
		return v
	}
	arm()
	for i, msg := range []string{"Q1", "Query number two", "3"} {
		unix.Write(a, []byte(msg))
		c := next()
		bid, ok := c.BufferID()
		if !ok || !c.More() || c.Res != int32(len(msg)) {
			t.Fatalf("message %d: res %d flags %#x", i, c.Res, c.Flags)
		}
		if got := br.Buf(bid, int(c.Res)); string(got) != msg {
			t.Fatalf("message %d: buffer %d holds %q", i, bid, got)
		}
		br.Recycle(bid)
	}

	// 40 bytes arrive in buffers of 16: split across completions.
	msg := bytes.Repeat([]byte("x"), 40)
	unix.Write(a, msg)
	var got []byte
	var held []uint16
	for len(got) < len(msg) {
		c := next()
		bid, _ := c.BufferID()
		got = append(got, br.Buf(bid, int(c.Res))...)
		held = append(held, bid)
	}
	if !bytes.Equal(got, msg) {
		t.Fatalf("reassembled %q", got)
	}

	// Not recycling them: with every buffer held the receive stops with
	// -ENOBUFS and is no longer armed.
	for len(held) < 4 {
		unix.Write(a, []byte("y"))
		c := next()
		bid, _ := c.BufferID()
		held = append(held, bid)
	}
	unix.Write(a, []byte("z"))
	c := next()
	if c.Res != -int32(unix.ENOBUFS) || c.More() {
		t.Fatalf("with no buffers: res %d more %v", c.Res, c.More())
	}
	for _, bid := range held {
		br.Recycle(bid)
	}
	arm() // the "z" is still in the socket
	c = next()
	if bid, _ := c.BufferID(); c.Res != 1 || string(br.Buf(bid, 1)) != "z" {
		t.Fatalf("after re-arming: res %d", c.Res)
	} else {
		br.Recycle(bid)
	}

	unix.Shutdown(a, unix.SHUT_WR)
	c = next()
	if c.Res != 0 || c.More() {
		t.Fatalf("end of stream: res %d more %v", c.Res, c.More())
	}
}

func TestSubmitAndWaitTimeout(t *testing.T) {
	r := newRing(t, 4)
	if r.Features()&FeatExtArg == 0 {
		t.Skip("no IORING_FEAT_EXT_ARG")
	}
	if _, err := r.SubmitAndWaitTimeout(1, 5*time.Millisecond); !errors.Is(err, ErrWaitTimeout) {
		t.Fatalf("empty ring: %v, want ErrWaitTimeout", err)
	}
	sqe(t, r).PrepNop()
	if n, err := r.SubmitAndWaitTimeout(1, time.Hour); err != nil || n != 1 {
		t.Fatalf("nop: %d, %v", n, err)
	}
	if _, ok := r.PopCQE(); !ok {
		t.Fatal("no completion")
	}
}
