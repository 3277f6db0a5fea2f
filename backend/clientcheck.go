package backend

import (
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"ringpg/pgerr"
	"ringpg/settings"
)

// errClientLost ends a session whose client went away while a statement
// ran, noticed by client_connection_check_interval.
var errClientLost = pgerr.Fatal(pgerr.ConnectionFailure, "connection to client lost")

// clientCheck implements client_connection_check_interval: while a
// statement runs, the session's interrupt checks poll the client socket at
// most once per interval for the peer having closed it. It belongs to the
// session's goroutine (the interrupt hook), so its fields need no lock.
type clientCheck struct {
	st   *settings.Set
	fd   *atomic.Int32
	next time.Time // no poll before this instant
}

// lost reports whether the interval has passed and the client socket shows
// the peer's hang-up. An interval of 0 turns the check off.
func (c *clientCheck) lost() bool {
	ms := c.st.IntOf(settings.ClientConnectionCheckInterval)
	if ms <= 0 {
		return false
	}
	now := time.Now()
	if now.Before(c.next) {
		return false
	}
	c.next = now.Add(time.Duration(ms) * time.Millisecond)
	fd := c.fd.Load()
	if fd < 0 {
		return false
	}
	return peerClosed(int(fd))
}

// peerClosed polls fd without waiting for a hang-up or error; unread data
// the client sent meanwhile (a pipelined message) does not count.
func peerClosed(fd int) bool {
	pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLRDHUP}}
	n, err := unix.Poll(pfd, 0)
	if err != nil || n == 0 {
		return false
	}
	return pfd[0].Revents&(unix.POLLRDHUP|unix.POLLHUP|unix.POLLERR) != 0
}
