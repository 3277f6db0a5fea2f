package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/lib/pq"
)

// The lib/pq flow of the driver matrix (driverflow_test.go), through
// database/sql on one pinned connection. lib/pq sends every parameter in
// text format and reads every column in text format; it copies in with
// COPY FROM STDIN inside a transaction and has no COPY TO.

// pqErrLine renders a lib/pq error for a transcript.
func pqErrLine(err error) string {
	if err == nil {
		return "OK"
	}
	var pe *pq.Error
	if errors.As(err, &pe) {
		s := "ERR " + string(pe.Code) + " " + pe.Message
		if pe.Detail != "" {
			s += " DETAIL " + pe.Detail
		}
		return s
	}
	return "CLIENTERR " + err.Error()
}

func nullStrings(v []*string) any {
	if v == nil {
		return pq.Array([]sql.NullString(nil))
	}
	out := make([]sql.NullString, len(v))
	for i, s := range v {
		if s != nil {
			out[i] = sql.NullString{String: *s, Valid: true}
		}
	}
	return pq.Array(out)
}

func nullInts(v []*int32) any {
	if v == nil {
		return pq.Array([]sql.NullInt32(nil))
	}
	out := make([]sql.NullInt32, len(v))
	for i, n := range v {
		if n != nil {
			out[i] = sql.NullInt32{Int32: *n, Valid: true}
		}
	}
	return pq.Array(out)
}

func fromNullStrings(v []sql.NullString) []*string {
	if v == nil {
		return nil
	}
	out := make([]*string, len(v))
	for i, s := range v {
		if s.Valid {
			out[i] = strp(s.String)
		}
	}
	return out
}

func fromNullInts(v []sql.NullInt32) []*int32 {
	if v == nil {
		return nil
	}
	out := make([]*int32, len(v))
	for i, n := range v {
		if n.Valid {
			out[i] = i32p(n.Int32)
		}
	}
	return out
}

// pqTime renders what lib/pq gives for a timestamptz: a time.Time, or
// the text of an infinity.
func pqTime(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case time.Time:
		return x.UTC().Format("2006-01-02T15:04:05.000000Z")
	case []byte:
		return string(x)
	}
	return fmt.Sprintf("%T %v", v, v)
}

func libpqFlow(tg flowTarget) string {
	var l flowLog
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	connStr := tg.goConnString()
	if tg.pooler {
		// Without binary_parameters lib/pq syncs between describing and
		// executing an unnamed statement, which a transaction-mode pooler
		// may split across server connections.
		connStr += " binary_parameters=yes"
	}
	db, err := sql.Open("postgres", connStr)
	if err != nil {
		l.printf("open: %s", pqErrLine(err))
		return l.b.String()
	}
	defer db.Close()
	c, err := db.Conn(ctx)
	if err != nil {
		l.printf("connect: %s", pqErrLine(err))
		return l.b.String()
	}
	defer c.Close()
	tbl := tg.table
	step := func(name string, f func() error) {
		if err := f(); err != nil {
			l.printf("%s: %s", name, pqErrLine(err))
		}
	}
	step("create", func() error {
		_, err := c.ExecContext(ctx, "drop table if exists "+tbl)
		if err == nil {
			_, err = c.ExecContext(ctx, "create table "+tbl+" (id serial primary key, b bytea, j jsonb, n numeric(20,6), ts timestamptz, tags text[], nums int4[])")
		}
		return err
	})
	rows := flowRows()
	step("insert", func() error {
		for _, r := range rows {
			j, _ := json.Marshal(r.j)
			var ts any = r.ts
			switch r.inf {
			case 1:
				ts = "infinity"
			case -1:
				ts = "-infinity"
			}
			var id int32
			if err := c.QueryRowContext(ctx, "insert into "+tbl+" (b, j, n, ts, tags, nums) values ($1, $2, $3, $4, $5, $6) returning id",
				r.b, string(j), r.n, ts, nullStrings(r.tags), nullInts(r.nums)).Scan(&id); err != nil {
				return err
			}
			l.printf("inserted id %d", id)
		}
		return nil
	})
	step("select", func() error {
		rs, err := c.QueryContext(ctx, "select id, b, j, n, ts, tags, nums from "+tbl+" order by id")
		if err != nil {
			return err
		}
		defer rs.Close()
		i := 0
		for rs.Next() {
			var id int32
			var b, jb []byte
			var n sql.NullString
			var ts any
			var tags []sql.NullString
			var nums []sql.NullInt32
			if err := rs.Scan(&id, &b, &jb, &n, &ts, pq.Array(&tags), pq.Array(&nums)); err != nil {
				return err
			}
			var j any
			if err := json.Unmarshal(jb, &j); err != nil {
				return err
			}
			l.printf("row %d: b=%x j=%s n=%s ts=%s tags=%s nums=%s", id, b, jsonCanon(j), n.String, pqTime(ts),
				strsString(fromNullStrings(tags)), intsString(fromNullInts(nums)))
			if i < len(rows) {
				w := rows[i]
				var wts any = w.ts
				switch w.inf {
				case 1:
					wts = []byte("infinity")
				case -1:
					wts = []byte("-infinity")
				}
				l.printf("row %d equal: b=%t j=%t n=%t ts=%t tags=%t nums=%t", id, string(b) == string(w.b),
					reflect.DeepEqual(j, jsonRoundTrip(w.j)), n.String == w.n, pqTime(ts) == pqTime(wts),
					strsString(fromNullStrings(tags)) == strsString(w.tags), intsString(fromNullInts(nums)) == intsString(w.nums))
			}
			i++
		}
		return rs.Err()
	})
	step("update", func() error {
		var n string
		var tags []sql.NullString
		if err := c.QueryRowContext(ctx, "update "+tbl+" set n = n + $1, tags = array_append(tags, $2) where id = $3 returning n, tags",
			"0.5", "new", 2).Scan(&n, pq.Array(&tags)); err != nil {
			return err
		}
		l.printf("updated: n=%s tags=%s", n, strsString(fromNullStrings(tags)))
		return nil
	})
	count := func(q interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}) string {
		var n int64
		if err := q.QueryRowContext(ctx, "select count(*) from "+tbl).Scan(&n); err != nil {
			return pqErrLine(err)
		}
		return fmt.Sprint(n)
	}
	step("transaction", func() error {
		tx, err := c.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, "insert into "+tbl+" (b) values ($1)", []byte("tx")); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "savepoint s1"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "delete from "+tbl+" where id = $1", 1); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "select 1/0")
		l.printf("in savepoint: %s", pqErrLine(err))
		if _, err := tx.ExecContext(ctx, "rollback to savepoint s1"); err != nil {
			return err
		}
		l.printf("after rollback to savepoint: %s", count(tx))
		if err := tx.Rollback(); err != nil {
			return err
		}
		l.printf("after rollback: %s", count(c))
		return nil
	})
	step("prepared", func() error {
		// A transaction keeps the named statement on one server connection
		// behind a transaction-mode pooler.
		tx, err := c.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Commit()
		st, err := tx.PrepareContext(ctx, "select id, n, b from "+tbl+" where id = $1")
		if err != nil {
			return err
		}
		defer st.Close()
		for _, id := range []int{1, 2, 3, 4, 99, 1} {
			var got int32
			var n string
			var b []byte
			err := st.QueryRowContext(ctx, id).Scan(&got, &n, &b)
			if errors.Is(err, sql.ErrNoRows) {
				l.printf("prepared %d: no rows", id)
				continue
			} else if err != nil {
				return err
			}
			l.printf("prepared %d: %d %s %d bytes", id, got, n, len(b))
		}
		return nil
	})
	step("unique", func() error {
		_, err := c.ExecContext(ctx, "insert into "+tbl+" (id, b) values ($1, $2)", 1, []byte("dup"))
		l.printf("unique violation: %s", pqErrLine(err))
		var pe *pq.Error
		if errors.As(err, &pe) {
			l.printf("constraint=%s table=%s", pe.Constraint, pe.Table)
		}
		return nil
	})
	step("copy in", func() error {
		tx, err := c.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		st, err := tx.PrepareContext(ctx, "copy "+tbl+" (b, j, n, ts, tags, nums) from stdin")
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, []byte{1, 2, 3}, `{"copied": true}`, "1.5", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), "{x,y}", "{7}"); err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, nil, nil, nil, nil, nil, nil); err != nil {
			return err
		}
		res, err := st.ExecContext(ctx)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		l.printf("copied in %d rows", n)
		if err := st.Close(); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		var out string
		if err := c.QueryRowContext(ctx, "select string_agg(coalesce(encode(b, 'hex'), 'NULL') || ' ' || coalesce(j::text, 'NULL') || ' ' || coalesce(n::text, 'NULL') || ' ' || coalesce(tags::text, 'NULL') || ' ' || coalesce(nums::text, 'NULL'), '; ' order by id) from "+tbl+" where id > 4").Scan(&out); err != nil {
			return err
		}
		l.printf("copied rows: %s", out)
		return nil
	})
	step("drop", func() error {
		_, err := c.ExecContext(ctx, "drop table "+tbl)
		return err
	})
	return strings.TrimSuffix(l.b.String(), "\n") + "\n"
}
