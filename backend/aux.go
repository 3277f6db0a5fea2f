package backend

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"ringpg/loop/handoff"
	"ringpg/serverlog"
	"ringpg/settings"
	"ringpg/shm"
)

// AuxEnv is what the startup process and an auxiliary process get from the
// postmaster.
type AuxEnv struct {
	Seg      *shm.Segment
	Slot     int                  // its proc slot, already claimed (shm.KindAuxiliary)
	Settings *settings.Set        // decoded from the postmaster's settings blob
	Reload   <-chan *settings.Set // new settings after each SIGHUP reload (buffered; the newest wins)
	Stop     <-chan struct{}      // closed when the postmaster asks the process to end (SIGTERM or SIGINT, or the postmaster dying)
}

// auxDeathGrace is how long fn may take to return after the postmaster has
// died before the process exits anyway.
const auxDeathGrace = 5 * time.Second

// AuxMain attaches a startup or auxiliary process to the postmaster (the
// segment memfd, the proc slot named in the environment, the settings from
// the control socket: the backend's contract in package handoff) and runs
// fn on the main goroutine, locked to its OS thread (fn may drive an
// io_uring). It returns the process exit code: 0 when fn returns nil, 1 with
// the error logged otherwise. SIGQUIT exits at once with code 2, as
// PostgreSQL's quickdie: the postmaster is restarting after a crash or
// stopping immediately, and shared memory is not to be trusted.
func AuxMain(fn func(*AuxEnv) error) int {
	runtime.LockOSThread() // never unlocked: fn may own a single-issuer ring
	// Signals first: until Notify, SIGTERM would kill the process outright.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, unix.SIGTERM, unix.SIGQUIT, unix.SIGINT, unix.SIGHUP)
	env, proc, err := attachAux()
	if err != nil {
		serverlog.Fatalf("auxiliary process start: %v", err)
		return 1
	}
	stop := make(chan struct{})
	var once sync.Once
	stopNow := func() { once.Do(func() { close(stop) }) }
	env.Stop = stop
	reload := make(chan *settings.Set, 1)
	env.Reload = reload

	go func() {
		for sig := range sigs {
			switch sig {
			case unix.SIGQUIT:
				proc.SetState(shm.ProcExiting)
				os.Exit(2)
			case unix.SIGTERM, unix.SIGINT:
				stopNow()
			case unix.SIGHUP:
				// New settings arrive on the control socket.
			}
		}
	}()
	postmasterGone := func() {
		stopNow()
		time.AfterFunc(auxDeathGrace, func() { os.Exit(1) })
	}
	go func() {
		// The death pipe's write end lives only in the postmaster.
		f := os.NewFile(handoff.FdDeath, "postmaster-death")
		buf := make([]byte, 1)
		for {
			if _, err := f.Read(buf); err != nil {
				postmasterGone()
				return
			}
		}
	}()
	go readAuxControl(reload, postmasterGone)

	err = fn(env)
	proc.SetState(shm.ProcExiting)
	if err != nil {
		serverlog.Fatalf("%v", err)
		return 1
	}
	return 0
}

// attachAux maps the segment, claims the proc slot and reads the first
// settings record.
func attachAux() (*AuxEnv, *shm.Proc, error) {
	slot, err := strconv.Atoi(os.Getenv(handoff.EnvSlot))
	if err != nil {
		return nil, nil, fmt.Errorf("%s not set: %w", handoff.EnvSlot, err)
	}
	seg, err := shm.Attach(handoff.FdSegment)
	if err != nil {
		return nil, nil, err
	}
	if slot < 0 || slot >= seg.MaxProcs() {
		return nil, nil, fmt.Errorf("proc slot %d out of range", slot)
	}
	proc := seg.Proc(slot)
	proc.Claim(int32(os.Getpid()), shm.KindAuxiliary)
	rec, err := handoff.Receive(handoff.FdControl)
	if err != nil {
		return nil, nil, fmt.Errorf("reading settings from postmaster: %w", err)
	}
	if rec.Config == nil {
		return nil, nil, errors.New("first control record is not the settings")
	}
	st, err := newSessionSettings(rec.Config)
	if err != nil {
		return nil, nil, err
	}
	lvl, _ := st.Show("log_min_messages")
	serverlog.SetMinLevel(lvl)
	// The slot stays in state "starting": pg_stat_activity, which knows only
	// client backends so far, skips it.
	return &AuxEnv{Seg: seg, Slot: slot, Settings: st}, proc, nil
}

// readAuxControl delivers each settings record the postmaster sends after a
// reload; the control socket's end means the postmaster is gone.
func readAuxControl(reload chan *settings.Set, gone func()) {
	for {
		rec, err := handoff.Receive(handoff.FdControl)
		if errors.Is(err, handoff.ErrClosed) {
			gone()
			return
		}
		if err != nil {
			serverlog.Errorf("control socket: %v", err)
			gone()
			return
		}
		if rec.Client >= 0 {
			unix.Close(rec.Client) // never expected here
		}
		if rec.Config == nil {
			continue
		}
		st, err := newSessionSettings(rec.Config)
		if err != nil {
			serverlog.Errorf("reloaded settings: %v", err)
			continue
		}
		lvl, _ := st.Show("log_min_messages")
		serverlog.SetMinLevel(lvl)
		offerNewest(reload, st)
	}
}

// offerNewest puts st in ch (capacity 1), replacing a value not yet taken.
// The caller is ch's only sender.
func offerNewest(ch chan *settings.Set, st *settings.Set) {
	for {
		select {
		case ch <- st:
			return
		default:
		}
		select {
		case <-ch:
		default:
		}
	}
}
