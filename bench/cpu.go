package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// clockTick is USER_HZ, the unit of /proc/PID/stat's times (100 on every
// Linux architecture this runs on).
const clockTick = 10 * time.Millisecond

// treeCPU returns the CPU time (user and system) used so far by process
// root and its descendants, counting the children they have waited for
// (cutime, cstime): a backend that ended meanwhile is counted in its
// parent. The difference of two readings is what the server used between
// them, whichever of its processes came and went. (Not the process group:
// PostgreSQL's backends each start a session of their own.)
func treeCPU(root int) (time.Duration, error) {
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil {
		return 0, err
	}
	procs := map[int]procStat{}
	for _, path := range stats {
		b, err := os.ReadFile(path)
		if err != nil {
			continue // the process ended between the listing and the read
		}
		st, err := parseProcStat(b)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", path, err)
		}
		pid, err := strconv.Atoi(filepath.Base(filepath.Dir(path)))
		if err != nil {
			return 0, err
		}
		procs[pid] = st
	}
	return time.Duration(subtreeTicks(procs, root)) * clockTick, nil
}

// procStat is what treeCPU needs of /proc/PID/stat.
type procStat struct {
	ppid  int
	ticks int64 // utime + stime + cutime + cstime
}

// subtreeTicks sums the ticks of root and of every process below it.
func subtreeTicks(procs map[int]procStat, root int) int64 {
	children := map[int][]int{}
	for pid, st := range procs {
		children[st.ppid] = append(children[st.ppid], pid)
	}
	var ticks int64
	stack := []int{root}
	for len(stack) > 0 {
		pid := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		ticks += procs[pid].ticks
		stack = append(stack, children[pid]...)
	}
	return ticks
}

// parseProcStat reads a /proc/PID/stat line's parent and the sum of
// utime, stime, cutime and cstime (fields 4 and 14–17; the command name,
// field 2, is in parentheses and may hold spaces).
func parseProcStat(b []byte) (procStat, error) {
	end := bytes.LastIndexByte(b, ')')
	if end < 0 {
		return procStat{}, fmt.Errorf("no command name in %q", b)
	}
	f := bytes.Fields(b[end+1:]) // f[0] is field 3, the state
	if len(f) < 15 {
		return procStat{}, fmt.Errorf("%d fields after the command name", len(f))
	}
	var st procStat
	var err error
	if st.ppid, err = strconv.Atoi(string(f[1])); err != nil {
		return procStat{}, err
	}
	for _, s := range f[11:15] {
		n, err := strconv.ParseInt(string(s), 10, 64)
		if err != nil {
			return procStat{}, err
		}
		st.ticks += n
	}
	return st, nil
}
