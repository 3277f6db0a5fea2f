package bufmgr

import (
	"fmt"

	"ringpg/pgerr"
)

// Buffer I/O. At most one read or write of a buffer is in flight: the
// process that sets flagIO (under the header lock, with a pin) owns the
// I/O until it clears the flag, and anyone else who needs the page waits.
// Waiting is a futex sleep on the descriptor's state word with flagWaiters
// set, so no process spins while another's disk access runs; the owner
// clears flagIO and flagWaiters in one store and then wakes the sleepers,
// who look at the word again (it may be a failed read, which they retry).

// DataCorrupted is PostgreSQL's data_corrupted SQLSTATE, for pages that
// fail verification.
const DataCorrupted = pgerr.DataCorrupted

// startIO claims the I/O of buffer d, waiting for another process's I/O on
// it to end first. For a read it returns false if the page has become
// valid meanwhile; for a write, if it is no longer dirty. Caller holds a
// pin (and, for a write, the content lock).
func (p *Pool) startIO(d *desc, forRead bool) bool {
	for {
		st := d.lockHeader()
		if st&flagIO != 0 {
			d.unlockHeader(st)
			p.stats.IOWaits++
			p.sleepUntil(d, ioDone)
			continue
		}
		if forRead && st&flagValid != 0 || !forRead && st&flagDirty == 0 {
			d.unlockHeader(st)
			return false
		}
		st |= flagIO
		if !forRead {
			st &^= flagJustDirtied
		}
		d.unlockHeader(st)
		return true
	}
}

// terminateIO ends the I/O this process owns on d: it sets and clears the
// given flags, and with cleaned also clears flagDirty unless the page was
// dirtied again during the write. Then it wakes whoever waits.
func (p *Pool) terminateIO(d *desc, set, clear uint32, cleaned bool) {
	st := d.lockHeader()
	st &^= flagIO | clear
	if cleaned && st&flagJustDirtied == 0 {
		st &^= flagDirty | flagCheckpointNeeded
	}
	st |= set
	wake := st&flagWaiters != 0
	d.unlockHeader(st &^ flagWaiters)
	if wake {
		futexWakeAll(&d.state)
	}
}

// wakeWaiters clears flagWaiters and wakes every process sleeping on d's
// state word; each looks again and sleeps again if it must.
func (p *Pool) wakeWaiters(d *desc) {
	st := d.lockHeader()
	wake := st&flagWaiters != 0
	d.unlockHeader(st &^ flagWaiters)
	if wake {
		futexWakeAll(&d.state)
	}
}

// Conditions to sleep for, on a state word.
func ioDone(st uint32) bool     { return st&flagIO == 0 }
func onlyOurPin(st uint32) bool { return refcount(st) <= 1 }

// sleepUntil sleeps until cond holds on d's state word. The caller holds
// nothing another process needs for the condition to come true (a pin at
// most, which the condition allows for). Every change that can make a
// condition true and finds flagWaiters set wakes the sleepers: the end of
// an I/O, an unpin down to one pin or none, a victim's page being
// forgotten.
func (p *Pool) sleepUntil(d *desc, cond func(st uint32) bool) {
	for {
		st := d.state.Load()
		if cond(st) {
			return
		}
		if st&flagLocked != 0 {
			d.waitUnlocked()
			continue
		}
		// Announce the sleep in the word itself, so that the waker, which
		// changes the word anyway, knows to make the system call. If the
		// word moves between our look and FUTEX_WAIT, the kernel sees the
		// difference and returns at once; then we look again.
		if st&flagWaiters == 0 {
			if !d.state.CompareAndSwap(st, st|flagWaiters) {
				continue
			}
			st |= flagWaiters
		}
		futexWait(&d.state, st, 0)
	}
}

// readIn reads the page of buffer b, whose read I/O this process owns, and
// verifies it. On failure the buffer stays not valid, with flagIOError, for
// a later reader to try again.
func (p *Pool) readIn(b Buffer, t Tag) error {
	return p.endRead(b, t, p.st.Read(t, p.Page(b)))
}

// endRead ends the read I/O of buffer b (block t), whose outcome was
// readErr: the page is verified and the buffer made valid, or the I/O
// ends failed for a later reader to try again.
func (p *Pool) endRead(b Buffer, t Tag, readErr error) error {
	d := p.desc(b)
	err := readErr
	if err != nil {
		err = fmt.Errorf("could not read %v: %w", t, err)
	} else if p.h.Verify != nil {
		if verr := p.h.Verify(t, p.Page(b)); verr != nil {
			err = &pgerr.Error{Code: DataCorrupted, Message: fmt.Sprintf("invalid page in %v", t), Detail: verr.Error()}
		}
	}
	if err != nil {
		p.terminateIO(d, flagIOError, 0, false)
		return err
	}
	p.terminateIO(d, flagValid, flagIOError, false)
	p.stats.Reads++
	return nil
}

// flushLocked writes buffer b if it is dirty: WAL first (Hooks.FlushWAL
// with the page's LSN), then a private copy prepared by Hooks.BeforeWrite.
// Caller holds a pin and the content lock (shared is enough: it keeps the
// page from changing, hints aside, while it is copied).
func (p *Pool) flushLocked(b Buffer) error {
	d := p.desc(b)
	if !p.startIO(d, false) {
		return nil // clean already: someone else wrote it
	}
	t := d.tag()
	buf := p.scratch
	copy(buf, p.Page(b))
	if p.h.FlushWAL != nil {
		if err := p.h.FlushWAL(p.h.PageLSN(buf)); err != nil {
			p.terminateIO(d, flagIOError, 0, false)
			return fmt.Errorf("could not flush WAL before writing %v: %w", t, err)
		}
	}
	if p.h.BeforeWrite != nil {
		p.h.BeforeWrite(t, buf)
	}
	if err := p.st.Write(t, buf); err != nil {
		p.terminateIO(d, flagIOError, 0, false)
		return fmt.Errorf("could not write %v: %w", t, err)
	}
	p.terminateIO(d, 0, flagIOError, true)
	p.stats.Writes++
	return nil
}
