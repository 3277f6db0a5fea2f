package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// The COPY and scan workloads talk to the servers through pgconn, pgx's
// protocol layer: the simple query protocol and COPY FROM STDIN in text
// format, the most basic forms every PostgreSQL-compatible server has.

const copyFiller = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01234567"

// copyData is the text-format COPY input: rows lines of "id, k, filler".
// It is made in memory beforehand so that generating it is not timed.
func copyData(rows int) []byte {
	var b bytes.Buffer
	b.Grow(copyBytes(rows))
	for i := 1; i <= rows; i++ {
		b.WriteString(strconv.Itoa(i))
		b.WriteByte('\t')
		b.WriteString(strconv.Itoa((i * 7919) % (rows + 1)))
		b.WriteByte('\t')
		b.WriteString(copyFiller)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// copyBytes estimates the size of copyData(rows).
func copyBytes(rows int) int { return rows * (len(copyFiller) + 18) }

func connect(ctx context.Context, s *Server) (*pgconn.PgConn, error) {
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	c, err := pgconn.Connect(cctx, s.ConnString())
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	return c, nil
}

// execSQL runs one statement with the simple query protocol and returns
// the first column of the first row, if any.
func execSQL(ctx context.Context, c *pgconn.PgConn, sql string) (string, error) {
	res, err := c.Exec(ctx, sql).ReadAll()
	if err != nil {
		return "", fmt.Errorf("%s: %w", sql, err)
	}
	for _, r := range res {
		if r.Err != nil {
			return "", fmt.Errorf("%s: %w", sql, r.Err)
		}
	}
	if len(res) > 0 && len(res[0].Rows) > 0 && len(res[0].Rows[0]) > 0 {
		return string(res[0].Rows[0][0]), nil
	}
	return "", nil
}

// walInsertPos returns the server's WAL insert position in bytes.
func walInsertPos(ctx context.Context, s *Server) (uint64, error) {
	c, err := connect(ctx, s)
	if err != nil {
		return 0, err
	}
	defer c.Close(ctx)
	v, err := execSQL(ctx, c, "SELECT pg_current_wal_insert_lsn() - '0/0'")
	if err != nil {
		return 0, err
	}
	return strconv.ParseUint(v, 10, 64)
}

// opTimeout bounds one COPY or scan, so that a server that stops
// answering fails the run instead of holding it. PostgreSQL needs a few
// seconds for a million rows.
const opTimeout = 3 * time.Minute

// loadTable (re)creates table and loads data into it with COPY, returning
// how long the COPY alone took.
func loadTable(ctx context.Context, s *Server, table string, data []byte, rows int) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	c, err := connect(ctx, s)
	if err != nil {
		return 0, err
	}
	defer c.Close(context.Background())
	for _, q := range []string{
		"DROP TABLE IF EXISTS " + table,
		"CREATE TABLE " + table + " (id integer, k integer, filler text)",
	} {
		if _, err := execSQL(ctx, c, q); err != nil {
			return 0, err
		}
	}
	start := time.Now()
	tag, err := c.CopyFrom(ctx, bytes.NewReader(data), "COPY "+table+" FROM STDIN")
	elapsed := time.Since(start)
	if err != nil {
		return 0, fmt.Errorf("COPY %s: %w", table, err)
	}
	if tag.RowsAffected() != int64(rows) {
		return 0, fmt.Errorf("COPY %s: server reported %q, want %d rows", table, tag.String(), rows)
	}
	return elapsed, nil
}

// timedCount times SELECT count(*) FROM table on a fresh connection
// (connecting is not timed) and checks the answer.
func timedCount(ctx context.Context, s *Server, table string, rows int, warmFirst bool) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	c, err := connect(ctx, s)
	if err != nil {
		return 0, err
	}
	defer c.Close(context.Background())
	q := "SELECT count(*) FROM " + table
	if warmFirst {
		if _, err := execSQL(ctx, c, q); err != nil {
			return 0, err
		}
	}
	start := time.Now()
	got, err := execSQL(ctx, c, q)
	elapsed := time.Since(start)
	if err != nil {
		return 0, err
	}
	if got != strconv.Itoa(rows) {
		return 0, fmt.Errorf("%s returned %q, want %d", q, got, rows)
	}
	return elapsed, nil
}

// tableHasRows reports whether table exists with exactly rows rows.
func tableHasRows(ctx context.Context, s *Server, table string, rows int) bool {
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	c, err := connect(ctx, s)
	if err != nil {
		return false
	}
	defer c.Close(context.Background())
	got, err := execSQL(ctx, c, "SELECT count(*) FROM "+table)
	return err == nil && got == strconv.Itoa(rows)
}

// dropPageCache writes back dirty pages and asks the kernel to drop its
// page cache, so that a "cold" scan reads from the disk. Only root outside
// a locked-down container may; the error says why not.
func dropPageCache() error {
	syscall.Sync()
	if err := os.WriteFile("/proc/sys/vm/drop_caches", []byte("3\n"), 0o200); err != nil {
		return err
	}
	return nil
}

// relationFiles returns the paths of table's main fork segments on server
// s and their total size.
func relationFiles(ctx context.Context, s *Server, table string) ([]string, int64, error) {
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	c, err := connect(ctx, s)
	if err != nil {
		return nil, 0, err
	}
	defer c.Close(context.Background())
	rel, err := execSQL(ctx, c, "SELECT pg_relation_filepath('"+table+"')")
	if err != nil {
		return nil, 0, err
	}
	base := filepath.Join(s.dataDir, rel)
	var paths []string
	var total int64
	for seg := 0; ; seg++ {
		p := base
		if seg > 0 {
			p = fmt.Sprintf("%s.%d", base, seg)
		}
		st, err := os.Stat(p)
		if err != nil {
			break
		}
		paths = append(paths, p)
		total += st.Size()
	}
	return paths, total, nil
}

// readFiles reads files front to back with 1 MB reads and returns how
// long that took.
func readFiles(paths []string) (time.Duration, error) {
	buf := make([]byte, 1<<20)
	start := time.Now()
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return 0, err
		}
		for {
			n, err := f.Read(buf)
			if n == 0 || err != nil {
				break
			}
		}
		f.Close()
	}
	return time.Since(start), nil
}
