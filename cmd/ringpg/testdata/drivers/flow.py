# The psycopg2 application flow of the driver matrix (driverflow_test.go):
# connects with the FLOW_* environment variables and prints a transcript
# that the test compares between PostgreSQL 15 and ringpg. psycopg2 speaks
# the simple protocol and interpolates parameters on the client.
import datetime
import decimal
import io
import json
import os

import psycopg2
import psycopg2.errors
import psycopg2.extras

e = os.environ
T = e["FLOW_TABLE"]
UTC = datetime.timezone.utc


def tz(hours, minutes=0):
    return datetime.timezone(datetime.timedelta(hours=hours, minutes=minutes))


ROWS = [
    (bytes(range(256)),
     {"a": [1, 2, {"b": None}], "u": "héllo ✓ 😀", "n": 1.5e3, "s": 'q"uo\\te'},
     decimal.Decimal("12345678901234.123456"),
     datetime.datetime(2024, 2, 29, 23, 59, 59, 123456, tzinfo=tz(5, 30)),
     ["a", None, 'with "quote"', "comma,brace}", "", "NULL"], [1, None, -3]),
    (b"", [[], {}, 'x"y', True, False, None], decimal.Decimal("-0.000001"),
     datetime.datetime(1999, 12, 31, 23, 59, 59, tzinfo=tz(-8)), [], []),
    (b"\\x00'", "scalar ✓", decimal.Decimal("99999999999999.999999"), "infinity",
     [" spaces ", "back\\slash"], [2147483647, -2147483648]),
    (b"\xff", {"deep": {"er": [{"x": 1.25}]}}, decimal.Decimal("-99999999999999.999999"), "-infinity",
     None, None),
]


# psycopg2 reads the infinities as the extreme datetimes.
INFINITIES = {"infinity": "9999-12-31T23:59:59.999999Z", "-infinity": "1-01-01T00:00:00.000000Z"}


def ts_str(v):
    if isinstance(v, datetime.datetime):
        if v.tzinfo is None:
            return "naive " + v.isoformat()
        return v.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return repr(v)


def err_line(err):
    s = "ERR %s %s" % (err.pgcode, err.diag.message_primary)
    if err.diag.message_detail:
        s += " DETAIL " + err.diag.message_detail
    return s


def step(conn, name, fn):
    try:
        fn()
    except psycopg2.Error as err:
        print("%s: %s" % (name, err_line(err)))
        conn.rollback()
    except Exception as err:  # a step that found an unexpected answer
        print("%s: CLIENTERR %s" % (name, err))
        conn.rollback()


def main():
    conn = psycopg2.connect(host=e["FLOW_HOST"], port=e["FLOW_PORT"], user=e["FLOW_USER"],
                            dbname=e["FLOW_DB"], connect_timeout=10)
    cur = conn.cursor()

    def create():
        cur.execute("drop table if exists " + T)
        cur.execute("create table " + T + " (id serial primary key, b bytea, j jsonb, n numeric(20,6),"
                    " ts timestamptz, tags text[], nums int4[])")
        conn.commit()

    def insert():
        for b, j, n, ts, tags, nums in ROWS:
            cur.execute("insert into " + T + " (b, j, n, ts, tags, nums) values (%s, %s, %s, %s, %s::text[], %s::int4[])"
                        " returning id", (b, psycopg2.extras.Json(j), n, ts, tags, nums))
            print("inserted id", cur.fetchone()[0])
        conn.commit()

    def select():
        cur.execute("select id, b, j, n, ts, tags, nums from " + T + " order by id")
        for i, (id_, b, j, n, ts, tags, nums) in enumerate(cur.fetchall()):
            print("row %d: b=%s j=%s n=%s ts=%s tags=%r nums=%r" % (
                id_, bytes(b).hex(), json.dumps(j, sort_keys=True, ensure_ascii=True), n, ts_str(ts), tags, nums))
            wb, wj, wn, wts, wtags, wnums = ROWS[i]
            print("row %d equal: b=%s j=%s n=%s ts=%s tags=%s nums=%s" % (
                id_, bytes(b) == wb, j == wj, n == wn, ts_str(ts) == INFINITIES.get(wts, ts_str(wts)), tags == wtags, nums == wnums))
        conn.commit()

    def update():
        cur.execute("update " + T + " set n = n + %s, tags = array_append(tags, %s) where id = %s returning n, tags",
                    (decimal.Decimal("0.5"), "new", 2))
        n, tags = cur.fetchone()
        print("updated: n=%s tags=%r" % (n, tags))
        conn.commit()

    def count():
        cur.execute("select count(*) from " + T)
        return cur.fetchone()[0]

    def transaction():
        cur.execute("insert into " + T + " (b) values (%s)", (b"tx",))
        cur.execute("savepoint s1")
        cur.execute("delete from " + T + " where id = %s", (1,))
        try:
            cur.execute("select 1/0")
        except psycopg2.Error as err:
            print("in savepoint:", err_line(err))
        cur.execute("rollback to savepoint s1")
        print("after rollback to savepoint:", count())
        conn.rollback()
        print("after rollback:", count())
        conn.commit()

    def prepared():
        cur.execute("prepare by_id(int) as select id, n, b from " + T + " where id = $1")
        for id_ in (1, 2, 3, 4, 99, 1):
            cur.execute("execute by_id(%s)", (id_,))
            r = cur.fetchone()
            if r is None:
                print("prepared %d: no rows" % id_)
            else:
                print("prepared %d: %d %s %d bytes" % (id_, r[0], r[1], len(r[2])))
        cur.execute("deallocate by_id")
        conn.commit()

    def unique():
        try:
            cur.execute("insert into " + T + " (id, b) values (%s, %s)", (1, b"dup"))
            print("unique violation: OK")
        except psycopg2.errors.UniqueViolation as err:
            print("unique violation:", err_line(err))
            print("constraint=%s table=%s" % (err.diag.constraint_name, err.diag.table_name))
        conn.rollback()

    def copy_out():
        buf = io.StringIO()
        cur.copy_expert("copy (select id, b, j, n, ts at time zone 'UTC', tags, nums from " + T +
                        " order by id) to stdout", buf)
        print("copy out %d rows:" % cur.rowcount)
        print(buf.getvalue())
        conn.commit()

    def copy_in():
        data = "\\\\x010203\t{\"copied\": true}\t1.5\t2020-01-01 00:00:00+00\t{x,y}\t{7}\n\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n"
        cur.copy_expert("copy " + T + " (b, j, n, ts, tags, nums) from stdin", io.StringIO(data))
        print("copied in %d rows" % cur.rowcount)
        conn.commit()
        cur.execute("select string_agg(coalesce(encode(b, 'hex'), 'NULL') || ' ' || coalesce(j::text, 'NULL') || ' ' ||"
                    " coalesce(n::text, 'NULL') || ' ' || coalesce(tags::text, 'NULL') || ' ' || coalesce(nums::text, 'NULL'),"
                    " '; ' order by id) from " + T + " where id > 4")
        print("copied rows:", cur.fetchone()[0])
        conn.commit()

    def drop():
        cur.execute("drop table " + T)
        conn.commit()

    for name, fn in (("create", create), ("insert", insert), ("select", select), ("update", update),
                     ("transaction", transaction), ("prepared", prepared), ("unique", unique),
                     ("copy out", copy_out), ("copy in", copy_in), ("drop", drop)):
        step(conn, name, fn)
    conn.close()


main()
