// Package spill owns the executor's temporary files: the rows that sorts,
// hash aggregation and hash joins write out when they outgrow work_mem.
//
// A Manager belongs to one backend. It names its files as PostgreSQL does,
// pgsql_tmpPID.N under the database's base/pgsql_tmp directory, creates the
// directory on first use, and counts the bytes its live files hold against
// temp_file_limit (53400 when exceeded). A File is written, rewound and read
// back sequentially; closing it removes it. The executor closes every file
// a statement created when the statement ends, whether it succeeded, failed
// or was cancelled, and RemoveLeftovers clears what a crash left behind.
//
// Rows are stored in a self-describing encoding of types.Datum (see row.go)
// that needs no column types. Values of kinds it does not know are kept in
// the File's memory and referenced by position, so nothing is lost, only
// not spilled.
//
// I/O: files go through buffered plain file system calls. Relation I/O uses
// io_uring through smgr; temporary files are private to one backend, read
// and written strictly sequentially and never synced, so the page cache and
// bufio serve them well enough.
//
// Concurrency: a Manager and its Files belong to one backend goroutine.
// Files of different backends never collide: their names carry the PID.
package spill
