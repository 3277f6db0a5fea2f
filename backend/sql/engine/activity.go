package engine

import (
	"time"

	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
	"ringpg/shm"
)

// pg_stat_get_activity(pid) yields one row per client backend from the
// proc array (every backend when pid is NULL), with the output columns of
// PostgreSQL 15's function behind pg_stat_activity. What the proc array
// does not record yet is NULL: application_name, the transaction and query
// start times, the client's host name and the gss columns. The client's
// address and port and the ssl columns (pg_stat_ssl's source) come from
// what the session published in its slot (shm.Proc.SetClient).
func init() {
	ts, txt, i4, oid := types.TimestampTZOid, types.TextOid, types.Int4Oid, types.OidOid
	out := []funcs.Column{{Name: "datid", Type: oid}, {Name: "pid", Type: i4}, {Name: "usesysid", Type: oid},
		{Name: "application_name", Type: txt}, {Name: "state", Type: txt}, {Name: "query", Type: txt},
		{Name: "wait_event_type", Type: txt}, {Name: "wait_event", Type: txt}, {Name: "xact_start", Type: ts},
		{Name: "query_start", Type: ts}, {Name: "backend_start", Type: ts}, {Name: "state_change", Type: ts},
		{Name: "client_addr", Type: txt}, {Name: "client_hostname", Type: txt}, {Name: "client_port", Type: i4},
		{Name: "backend_xid", Type: types.XidOid}, {Name: "backend_xmin", Type: types.XidOid}, {Name: "backend_type", Type: txt},
		{Name: "ssl", Type: types.BoolOid}, {Name: "sslversion", Type: txt}, {Name: "sslcipher", Type: txt},
		{Name: "sslbits", Type: i4}, {Name: "ssl_client_dn", Type: txt}, {Name: "ssl_client_serial", Type: types.NumericOid},
		{Name: "ssl_issuer_dn", Type: txt}, {Name: "gss_auth", Type: types.BoolOid}, {Name: "gss_princ", Type: txt},
		{Name: "gss_enc", Type: types.BoolOid}, {Name: "leader_pid", Type: i4}, {Name: "query_id", Type: types.Int8Oid}}
	funcs.Register(&funcs.Func{Oid: 2022, Name: "pg_stat_get_activity", Args: []types.Oid{i4}, Result: types.RecordOid,
		RetSet: true, Out: out, Volatility: funcs.Stable,
		SRF: func(c *funcs.Ctx, a []types.Datum) (funcs.Rows, error) {
			s := sessionOf(c)
			if s == nil {
				return &activityRows{}, nil
			}
			var want int32
			if !a[0].Null {
				want = int32(a[0].I)
			}
			return &activityRows{seg: s.e.seg, want: want, width: len(out), s: s}, nil
		}})
}

type activityRows struct {
	s     *Session
	seg   *shm.Segment
	want  int32
	next  int
	width int
	row   []types.Datum
}

func (r *activityRows) Next(*funcs.Ctx) ([]types.Datum, bool, error) {
	for r.seg != nil && r.next < r.seg.MaxProcs() {
		p := r.seg.Proc(r.next)
		r.next++
		a := p.Activity()
		switch a.State {
		case shm.ProcFree, shm.ProcStarting, shm.ProcIdleInPool, shm.ProcExiting:
			continue
		}
		if a.Pid == 0 || r.want != 0 && a.Pid != r.want {
			continue
		}
		if r.row == nil {
			r.row = make([]types.Datum, r.width)
		}
		row := r.row
		for i := range row {
			row[i] = types.Null
		}
		if r.s != nil && r.s.xact != nil && a.Database != "" {
			if db, err := r.s.cat.Database(r.s.snapshot(), a.Database); err == nil {
				row[0] = types.Int(int64(db.Oid))
			}
		}
		row[1] = types.Int(int64(a.Pid))
		row[2] = types.Int(10)
		row[3] = types.String("")
		row[4] = types.String(a.State.String())
		row[5] = types.String(a.Query)
		if w, _, _ := p.Wait(); w != 0 {
			row[6], row[7] = types.String("Lock"), types.String("transactionid")
		}
		if since := p.Since(); since != 0 {
			row[10] = types.Int(micros2000(time.Unix(0, since)))
		}
		row[17] = types.String("client backend")
		setClientColumns(row, a.Client)
		return row, true, nil
	}
	return nil, false, nil
}

// setClientColumns fills the client and ssl columns of an activity row:
// client_addr is NULL and client_port -1 for a Unix socket; the ssl
// columns are false and NULLs without TLS, the certificate's columns NULL
// when the client sent none.
func setClientColumns(row []types.Datum, c shm.Client) {
	if c.Addr != "" {
		row[12] = types.String(c.Addr)
	}
	if c.Port != 0 {
		row[14] = types.Int(int64(c.Port))
	}
	st := c.SSL
	row[18] = types.Bool(st.SSL)
	if !st.SSL {
		return
	}
	row[19], row[20], row[21] = types.String(st.Version), types.String(st.Cipher), types.Int(int64(st.Bits))
	if st.ClientDN == "" && st.ClientSerial == "" {
		return
	}
	row[22], row[24] = types.String(st.ClientDN), types.String(st.IssuerDN)
	if serial, err := types.Input(types.T{Oid: types.NumericOid, Mod: -1}, st.ClientSerial, nil); err == nil {
		row[23] = serial
	}
}
