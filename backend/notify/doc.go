// Package notify owns the queue of asynchronous notifications (NOTIFY,
// pg_notify) in the shared segment and each backend's place in it
// (LISTEN). It lives in one region (RegionName, RegionSize(maxProcs)),
// valid when zeroed, and imports only sem, shm and pgerr.
//
// # What is where
//
//   - A ring of QueueBytes bytes holding entries: a committing
//     transaction's notifications, each with its database, the sender's
//     pid, the channel and the payload. Positions are byte offsets that
//     only grow (head, tail, a listener's pos); an entry starts at pos
//     modulo the ring's size and never wraps: where it would, a skip
//     entry fills the rest of the ring.
//   - A listener record per proc slot: whether its backend listens, its
//     database, and the position it reads next.
//   - In process memory, the Backend: the channels this backend listens
//     on (committed LISTENs only).
//
// # Life of a notification
//
// NOTIFY only remembers the notification in the session. At commit, before
// the transaction's commit record, Reserve copies the transaction's
// notifications into the ring as pending entries (refusing with 54000 if
// the ring is full, which aborts the transaction, as PostgreSQL does);
// once the commit is done, Finish marks them committed, or aborted if the
// commit failed. Readers stop at the first pending entry, so that
// notifications are delivered in the order they were queued and never
// before their transaction committed. A listener reads (Collect) when its
// session is idle outside a transaction block: before each ReadyForQuery
// and, while it waits for its client, every PollInterval.
//
// # Concurrency rules
//
//   - hdr.lock (an LWLock) guards writing entries, moving head and tail,
//     and turning a listener on or off. Nothing else is taken while it is
//     held, so it is a leaf of the lock order (package sem); it is never
//     held while waiting for a client.
//   - head and tail are atomics: written under the lock, read without it.
//     An entry's bytes are written before head moves past it.
//   - An entry's state is an atomic: pending when written, then committed
//     or aborted by its writer alone, without the lock.
//   - A listener's pos is written by its own backend alone (without the
//     lock when reading forward, under it when starting to listen); the
//     tail never passes the pos of a listening backend, so the entries a
//     listener reads are never overwritten under it.
//   - A backend that dies between Reserve and Finish leaves a pending
//     entry that would stop every reader, but a backend's death resets
//     shared memory (the postmaster's crash restart), so it cannot outlive
//     it.
package notify
