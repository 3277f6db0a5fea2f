package loop

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// lockFile is a lock file held for the life of the server: postmaster.pid in
// the data directory, or the lock beside a Unix socket. The file is flocked
// while held, so a file left behind by a crashed server (whose lock died with
// it) never blocks a restart, even if its PID has been reused since.
type lockFile struct {
	path string
	f    *os.File
}

// acquireLock creates or takes over path, writing lines into it. what names
// the protected thing in the error ("data directory", "socket").
func acquireLock(path string, lines []string) (*lockFile, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0600)
	if err != nil {
		return nil, fmt.Errorf("could not create lock file %q: %w", path, err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		pid := readPid(path)
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, fmt.Errorf("lock file %q already exists; is another postmaster (PID %d) running in %q?",
				filepath.Base(path), pid, filepath.Dir(path))
		}
		return nil, fmt.Errorf("could not lock %q: %w", path, err)
	}
	if err := f.Truncate(0); err != nil {
		f.Close()
		return nil, fmt.Errorf("could not truncate lock file %q: %w", path, err)
	}
	if _, err := f.WriteAt([]byte(strings.Join(lines, "\n")+"\n"), 0); err != nil {
		f.Close()
		return nil, fmt.Errorf("could not write lock file %q: %w", path, err)
	}
	return &lockFile{path: path, f: f}, nil
}

func readPid(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	pid, _ := strconv.Atoi(strings.TrimSpace(line))
	return pid
}

// setStatus rewrites the status line of postmaster.pid (its last line),
// padded as PostgreSQL pads it ("ready   "), for pg_ctl-like tools that
// wait on it.
func (l *lockFile) setStatus(status string) {
	if l == nil {
		return
	}
	b, err := os.ReadFile(l.path)
	if err != nil {
		return
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) == 0 {
		return
	}
	lines[len(lines)-1] = fmt.Sprintf("%-8s", status)
	out := []byte(strings.Join(lines, "\n") + "\n")
	if _, err := l.f.WriteAt(out, 0); err == nil {
		l.f.Truncate(int64(len(out)))
	}
}

// release removes the file and drops the lock.
func (l *lockFile) release() {
	if l == nil {
		return
	}
	os.Remove(l.path)
	l.f.Close()
}

// pidFileLines is postmaster.pid's content in PostgreSQL's layout: pid, data
// directory, start time, port, first socket directory, first listen address,
// shared memory key, status.
func pidFileLines(dataDir string, port int, sockDir, listen, status string) []string {
	return []string{
		strconv.Itoa(os.Getpid()),
		dataDir,
		strconv.FormatInt(time.Now().Unix(), 10),
		strconv.Itoa(port),
		sockDir,
		listen,
		"0 0",
		status,
	}
}
