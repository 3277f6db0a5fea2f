package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// The pgx flow of the driver matrix (driverflow_test.go), in each of the
// query modes pgx offers: cached named statements, cached descriptions,
// describe-then-execute with unnamed statements, one-round-trip execute
// with parameter types taken from the Go values, and the simple protocol
// with client-side parameter encoding. Behind a transaction-mode PgBouncer
// only the modes without named statements run.

// flowLog collects a transcript.
type flowLog struct{ b strings.Builder }

func (l *flowLog) printf(format string, args ...any) { fmt.Fprintf(&l.b, format+"\n", args...) }

// errLine renders an error for a transcript: the SQLSTATE and message of
// a server error, or a client-side error's text.
func errLine(err error) string {
	if err == nil {
		return "OK"
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		s := "ERR " + pe.Code + " " + pe.Message
		if pe.Detail != "" {
			s += " DETAIL " + pe.Detail
		}
		return s
	}
	return "CLIENTERR " + err.Error()
}

// flowRow is one row the Go flows insert.
type flowRow struct {
	b    []byte
	j    any
	n    string
	ts   time.Time
	inf  pgtype.InfinityModifier
	tags []*string
	nums []*int32
}

func strp(s string) *string { return &s }
func i32p(v int32) *int32   { return &v }

// flowRows is the data of the Go flows: the same values the Python, Java
// and JavaScript flows insert.
func flowRows() []flowRow {
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	return []flowRow{
		{b: all, j: map[string]any{"a": []any{1, 2, map[string]any{"b": nil}}, "u": "héllo ✓ 😀", "n": 1.5e3, "s": `q"uo\te`},
			n: "12345678901234.123456", ts: time.Date(2024, 2, 29, 23, 59, 59, 123456000, time.FixedZone("", 5*3600+30*60)),
			tags: []*string{strp("a"), nil, strp(`with "quote"`), strp("comma,brace}"), strp(""), strp("NULL")}, nums: []*int32{i32p(1), nil, i32p(-3)}},
		{b: []byte{}, j: []any{[]any{}, map[string]any{}, "x\"y", true, false, nil},
			n: "-0.000001", ts: time.Date(1999, 12, 31, 23, 59, 59, 0, time.FixedZone("", -8*3600)),
			tags: []*string{}, nums: []*int32{}},
		{b: []byte("\\x00'"), j: "scalar ✓", n: "99999999999999.999999", inf: pgtype.Infinity,
			tags: []*string{strp(" spaces "), strp(`back\slash`)}, nums: []*int32{i32p(2147483647), i32p(-2147483648)}},
		{b: []byte{0xff}, j: map[string]any{"deep": map[string]any{"er": []any{map[string]any{"x": 1.25}}}}, n: "-99999999999999.999999",
			inf: pgtype.NegativeInfinity, tags: nil, nums: nil},
	}
}

// tsString prints a timestamptz in UTC, or its infinity.
func tsString(v pgtype.Timestamptz) string {
	switch {
	case !v.Valid:
		return "null"
	case v.InfinityModifier == pgtype.Infinity:
		return "infinity"
	case v.InfinityModifier == pgtype.NegativeInfinity:
		return "-infinity"
	}
	return v.Time.UTC().Format("2006-01-02T15:04:05.000000Z")
}

func strsString(v []*string) string {
	if v == nil {
		return "null"
	}
	var parts []string
	for _, s := range v {
		if s == nil {
			parts = append(parts, "None")
		} else {
			parts = append(parts, fmt.Sprintf("%q", *s))
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func intsString(v []*int32) string {
	if v == nil {
		return "null"
	}
	var parts []string
	for _, n := range v {
		if n == nil {
			parts = append(parts, "None")
		} else {
			parts = append(parts, fmt.Sprint(*n))
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// jsonCanon renders a decoded JSON value with sorted keys.
func jsonCanon(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "CLIENTERR " + err.Error()
	}
	return string(b)
}

// jsonRoundTrip is what decoding v's JSON gives: the form a jsonb column
// reads back as.
func jsonRoundTrip(v any) any {
	b, _ := json.Marshal(v)
	var out any
	json.Unmarshal(b, &out)
	return out
}

// pgxModes are the query modes the pgx flow runs in; pooled says whether
// the mode works behind a transaction-mode pooler.
var pgxModes = []struct {
	name   string
	mode   pgx.QueryExecMode
	pooled bool
}{
	{"cache_statement", pgx.QueryExecModeCacheStatement, false},
	{"cache_describe", pgx.QueryExecModeCacheDescribe, false},
	// describe_exec syncs between its describe and its execute, where a
	// transaction-mode pooler may hand the unnamed statement's server
	// connection to another client: it is unsafe behind one.
	{"describe_exec", pgx.QueryExecModeDescribeExec, false},
	{"exec", pgx.QueryExecModeExec, true},
	{"simple_protocol", pgx.QueryExecModeSimpleProtocol, true},
}

// pgxFlows runs the pgx flow in every mode the target allows.
func pgxFlows(tg flowTarget) string {
	var l flowLog
	for _, m := range pgxModes {
		if tg.pooler && !m.pooled {
			continue
		}
		l.printf("== mode %s", m.name)
		pgxFlow(&l, tg, m.mode)
	}
	return l.b.String()
}

func pgxFlow(l *flowLog, tg flowTarget, mode pgx.QueryExecMode) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cfg, err := pgx.ParseConfig(tg.goConnString())
	if err != nil {
		l.printf("config: %s", errLine(err))
		return
	}
	cfg.DefaultQueryExecMode = mode
	c, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		l.printf("connect: %s", errLine(err))
		return
	}
	defer c.Close(ctx)
	tbl := tg.table
	step := func(name string, f func() error) {
		if err := f(); err != nil {
			l.printf("%s: %s", name, errLine(err))
			if c.PgConn().TxStatus() == 'E' {
				c.Exec(ctx, "rollback")
			}
		}
	}
	step("create", func() error {
		_, err := c.Exec(ctx, "drop table if exists "+tbl)
		if err == nil {
			_, err = c.Exec(ctx, "create table "+tbl+" (id serial primary key, b bytea, j jsonb, n numeric(20,6), ts timestamptz, tags text[], nums int4[])")
		}
		return err
	})
	rows := flowRows()
	step("insert", func() error {
		for _, r := range rows {
			ts := pgtype.Timestamptz{Time: r.ts, InfinityModifier: r.inf, Valid: true}
			// pgx sends a Go string for a jsonb parameter as JSON text;
			// without the server's parameter types (exec and simple
			// protocol modes) it cannot encode a map, so those send text.
			j := r.j
			if _, ok := j.(string); ok || mode == pgx.QueryExecModeExec || mode == pgx.QueryExecModeSimpleProtocol {
				j = jsonCanon(r.j)
			}
			var id int32
			if err := c.QueryRow(ctx, "insert into "+tbl+" (b, j, n, ts, tags, nums) values ($1, $2, $3, $4, $5, $6) returning id",
				r.b, j, r.n, ts, r.tags, r.nums).Scan(&id); err != nil {
				return err
			}
			l.printf("inserted id %d", id)
		}
		return nil
	})
	step("select", func() error {
		rs, err := c.Query(ctx, "select id, b, j, n, ts, tags, nums from "+tbl+" order by id")
		if err != nil {
			return err
		}
		defer rs.Close()
		i := 0
		for rs.Next() {
			var id int32
			var b []byte
			var j any
			var n pgtype.Numeric
			var ts pgtype.Timestamptz
			var tags []*string
			var nums []*int32
			if err := rs.Scan(&id, &b, &j, &n, &ts, &tags, &nums); err != nil {
				return err
			}
			nv, _ := n.Value()
			l.printf("row %d: b=%x j=%s n=%v ts=%s tags=%s nums=%s", id, b, jsonCanon(j), nv, tsString(ts), strsString(tags), intsString(nums))
			if i < len(rows) {
				w := rows[i]
				wts := pgtype.Timestamptz{Time: w.ts, InfinityModifier: w.inf, Valid: true}
				l.printf("row %d equal: b=%t j=%t n=%t ts=%t tags=%t nums=%t", id, reflect.DeepEqual(b, w.b),
					reflect.DeepEqual(j, jsonRoundTrip(w.j)), nv == w.n, tsString(ts) == tsString(wts),
					strsString(tags) == strsString(w.tags), intsString(nums) == intsString(w.nums))
			}
			i++
		}
		return rs.Err()
	})
	step("update", func() error {
		var n pgtype.Numeric
		var tags []*string
		if err := c.QueryRow(ctx, "update "+tbl+" set n = n + $1, tags = array_append(tags, $2) where id = $3 returning n, tags",
			"0.5", "new", 2).Scan(&n, &tags); err != nil {
			return err
		}
		nv, _ := n.Value()
		l.printf("updated: n=%v tags=%s", nv, strsString(tags))
		return nil
	})
	count := func() string {
		var n int64
		if err := c.QueryRow(ctx, "select count(*) from "+tbl).Scan(&n); err != nil {
			return errLine(err)
		}
		return fmt.Sprint(n)
	}
	step("transaction", func() error {
		tx, err := c.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx)
		if _, err := tx.Exec(ctx, "insert into "+tbl+" (b) values ($1)", []byte("tx")); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "savepoint s1"); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "delete from "+tbl+" where id = $1", 1); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "select 1/0")
		l.printf("in savepoint: %s", errLine(err))
		if _, err := tx.Exec(ctx, "rollback to savepoint s1"); err != nil {
			return err
		}
		l.printf("after rollback to savepoint: %s", count())
		if err := tx.Rollback(ctx); err != nil {
			return err
		}
		l.printf("after rollback: %s", count())
		return nil
	})
	step("prepared", func() error {
		if tg.pooler { // a named statement lives on one server connection
			if _, err := c.Exec(ctx, "begin"); err != nil {
				return err
			}
			defer c.Exec(ctx, "commit")
		}
		if _, err := c.Prepare(ctx, "by_id", "select id, n, b from "+tbl+" where id = $1"); err != nil {
			return err
		}
		for _, id := range []int{1, 2, 3, 4, 99, 1} {
			var got int32
			var n pgtype.Numeric
			var b []byte
			err := c.QueryRow(ctx, "by_id", id).Scan(&got, &n, &b)
			if errors.Is(err, pgx.ErrNoRows) {
				l.printf("prepared %d: no rows", id)
				continue
			} else if err != nil {
				return err
			}
			nv, _ := n.Value()
			l.printf("prepared %d: %d %v %d bytes", id, got, nv, len(b))
		}
		return c.Deallocate(ctx, "by_id")
	})
	step("unique", func() error {
		_, err := c.Exec(ctx, "insert into "+tbl+" (id, b) values ($1, $2)", 1, []byte("dup"))
		l.printf("unique violation: %s", errLine(err))
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			l.printf("constraint=%s table=%s", pe.ConstraintName, pe.TableName)
		}
		return nil
	})
	step("copy out", func() error {
		var buf strings.Builder
		tag, err := c.PgConn().CopyTo(ctx, &buf, "copy (select id, b, j, n, ts at time zone 'UTC', tags, nums from "+tbl+" order by id) to stdout")
		if err != nil {
			return err
		}
		l.printf("copy out %s:\n%s", tag, buf.String())
		return nil
	})
	step("copy in", func() error {
		src := [][]any{
			{[]byte{1, 2, 3}, map[string]any{"copied": true}, "1.5", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), []string{"x", "y"}, []int32{7}},
			{nil, nil, nil, nil, nil, nil},
		}
		n, err := c.CopyFrom(ctx, pgx.Identifier{tbl}, []string{"b", "j", "n", "ts", "tags", "nums"}, pgx.CopyFromRows(src))
		if err != nil {
			return err
		}
		l.printf("copied in %d rows", n)
		var out string
		if err := c.QueryRow(ctx, "select string_agg(coalesce(encode(b, 'hex'), 'NULL') || ' ' || coalesce(j::text, 'NULL') || ' ' || coalesce(n::text, 'NULL') || ' ' || coalesce(tags::text, 'NULL') || ' ' || coalesce(nums::text, 'NULL'), '; ' order by id) from "+tbl+" where id > 4").Scan(&out); err != nil {
			return err
		}
		l.printf("copied rows: %s", out)
		return nil
	})
	step("drop", func() error {
		_, err := c.Exec(ctx, "drop table "+tbl)
		return err
	})
}
