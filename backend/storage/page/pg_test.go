package page

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"ringpg/pgerr"
)

// Compatibility with PostgreSQL 15, checked two ways:
//
//   - TestPostgresPageImages (always): page images written by PostgreSQL
//     15, stored under testdata/ as NAME.page (8192 raw bytes) beside
//     NAME.json (what pageinspect reported for that page: header fields
//     and line pointers). Our parse must agree, Checksum must equal the
//     stored pd_checksum, Verify and Check must accept the page.
//   - TestPostgresLive (when PostgreSQL 15 is installed): builds a cluster
//     with data checksums, fills a table and an index with redirects,
//     dead and unused line pointers, stops it and does the same on every
//     page pageinspect describes, then recomputes the checksum of every
//     page of every relation file in the cluster. -rewrite stores a few of
//     those pages as the new testdata (review the diff before keeping it).
var rewrite = flag.Bool("rewrite", false, "TestPostgresLive: rewrite testdata/*.page and *.json from the live cluster")

// pageExpect is what pageinspect said about one page.
type pageExpect struct {
	Name   string `json:"name"` // relation, fork and block, for messages
	Block  uint32 `json:"block"`
	Header struct {
		LSN      string `json:"lsn"`
		Checksum uint16 `json:"checksum"`
		Flags    uint16 `json:"flags"`
		Lower    int    `json:"lower"`
		Upper    int    `json:"upper"`
		Special  int    `json:"special"`
		PageSize int    `json:"pagesize"`
		Version  int    `json:"version"`
		PruneXID uint32 `json:"prune_xid"`
	} `json:"header"`
	// Items are line pointers as [lp, lp_off, lp_flags, lp_len]; lp_off
	// is -1 where pageinspect does not report it (B-tree pages).
	Items [][4]int `json:"items"`
	// Meta marks a metapage: its contents follow the header and pd_lower
	// is set past them, so what lies below pd_lower is not line pointers.
	Meta bool `json:"meta,omitempty"`
}

// checkPage compares our reading of p with e.
func checkPage(t *testing.T, p Page, e *pageExpect) {
	t.Helper()
	h := e.Header
	if got := p.Checksum(e.Block); got != p.StoredChecksum() || got != h.Checksum {
		t.Errorf("%s: Checksum(%d) = %d, stored %d, pageinspect %d", e.Name, e.Block, got, p.StoredChecksum(), h.Checksum)
	}
	if err := p.Verify(e.Block); err != nil {
		t.Errorf("%s: Verify: %v", e.Name, err)
	}
	check := p.Check
	if e.Meta {
		check = p.CheckHeader
	}
	if err := check(); err != nil {
		t.Errorf("%s: Check: %v", e.Name, err)
	}
	if lsn := fmt.Sprintf("%X/%X", p.LSN()>>32, uint32(p.LSN())); lsn != h.LSN {
		t.Errorf("%s: LSN %s, pageinspect %s", e.Name, lsn, h.LSN)
	}
	got := [...]int{int(p.Flags()), p.Lower(), p.Upper(), p.SpecialOffset(), int(p.PageSizeVersion() &^ 0xff), int(p.PageSizeVersion() & 0xff), int(p.PruneXID())}
	want := [...]int{int(h.Flags), h.Lower, h.Upper, h.Special, h.PageSize, h.Version, int(h.PruneXID)}
	if got != want {
		t.Errorf("%s: header (flags lower upper special pagesize version prune_xid) = %v, pageinspect %v", e.Name, got, want)
	}
	if e.Meta {
		return
	}
	if int(p.MaxOffset()) != len(e.Items) {
		t.Errorf("%s: MaxOffset %d, pageinspect lists %d line pointers", e.Name, p.MaxOffset(), len(e.Items))
	}
	for _, it := range e.Items {
		off := OffsetNumber(it[0])
		lpOff, lpLen, flags := p.ItemID(off)
		if (it[1] >= 0 && lpOff != it[1]) || int(flags) != it[2] || lpLen != it[3] {
			t.Errorf("%s: line pointer %d = (off %d, flags %d, len %d), pageinspect %v", e.Name, off, lpOff, flags, lpLen, it)
			continue
		}
		item := p.Item(off)
		switch {
		case lpLen > 0 && (len(item) != lpLen || &item[0] != &p[lpOff]):
			t.Errorf("%s: Item(%d) is %d bytes, want %d at %d", e.Name, off, len(item), lpLen, lpOff)
		case lpLen == 0 && item != nil:
			t.Errorf("%s: Item(%d) of a pointer without storage = %d bytes", e.Name, off, len(item))
		}
	}
}

func TestPostgresPageImages(t *testing.T) {
	names, _ := filepath.Glob("testdata/*.json")
	if len(names) == 0 {
		t.Fatal("no page images in testdata/ (regenerate with go test -run TestPostgresLive -rewrite)")
	}
	for _, jn := range names {
		name := strings.TrimSuffix(filepath.Base(jn), ".json")
		t.Run(name, func(t *testing.T) {
			var e pageExpect
			js, err := os.ReadFile(jn)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(js, &e); err != nil {
				t.Fatal(err)
			}
			raw, err := os.ReadFile(strings.TrimSuffix(jn, ".json") + ".page")
			if err != nil {
				t.Fatal(err)
			}
			if len(raw) != Size {
				t.Fatalf("%d bytes", len(raw))
			}
			p := Page(raw)
			checkPage(t, p, &e)

			// Any change to the bytes is caught: a flipped bit in an
			// item, and pd_checksum itself.
			for _, at := range []int{Size / 2, offChecksum} {
				q := Page(append([]byte(nil), raw...))
				q[at] ^= 0x10
				err := q.Verify(e.Block)
				var pe *pgerr.Error
				if !errors.As(err, &pe) || pe.Code != "XX001" ||
					!strings.HasPrefix(pe.Message, "page verification failed, calculated checksum ") {
					t.Errorf("byte %d flipped: Verify = %v", at, err)
				}
			}
			// The block number is part of the checksum.
			if p.Checksum(e.Block+1) == p.Checksum(e.Block) {
				t.Errorf("checksum does not depend on the block number")
			}
		})
	}
}

// liveSetup builds a table and index whose pages hold every kind of line
// pointer: HOT chains pruned to redirects, rows removed by VACUUM (unused),
// rows pruned without index cleanup (dead without storage), live and
// deleted-but-unvacuumed rows (normal), and killed index entries.
var liveSetup = []string{
	`CREATE EXTENSION pageinspect`,
	`CREATE TABLE t (id int PRIMARY KEY, name text, pad text) WITH (fillfactor = 60)`,
	`INSERT INTO t SELECT g, 'name ' || g, repeat('x', g % 97) FROM generate_series(1, 2000) g`,
	`UPDATE t SET name = name || ' upd' WHERE id % 5 = 0`,
	`DELETE FROM t WHERE id % 11 = 0`,
	`VACUUM t`,
	`UPDATE t SET name = name || '2' WHERE id % 13 = 0`,
	`DELETE FROM t WHERE id % 7 = 0`,
	`VACUUM (INDEX_CLEANUP off) t`,
	`DELETE FROM t WHERE id % 19 = 0`,
	`SET enable_seqscan = off; SELECT count(*) FROM t WHERE id < 300`,
	`CHECKPOINT`,
}

func TestPostgresLive(t *testing.T) {
	c := newPGCluster(t)
	c.start()
	for _, sql := range liveSetup {
		c.psql(sql)
	}
	// Restart so that what pageinspect reads comes from disk, checksum
	// and all, exactly as the files will be read below.
	c.stop()
	c.start()

	heapPath := c.psql(`SELECT pg_relation_filepath('t')`)[0][0]
	idxPath := c.psql(`SELECT pg_relation_filepath('t_pkey')`)[0][0]
	type relFork struct {
		rel, fork, file string
		kind            string // heap, btree or other
	}
	forks := []relFork{
		{"t", "main", heapPath, "heap"},
		{"t", "fsm", heapPath + "_fsm", "other"},
		{"t", "vm", heapPath + "_vm", "other"},
		{"t_pkey", "main", idxPath, "btree"},
	}
	expects := map[string][]*pageExpect{}
	for _, f := range forks {
		rows := c.psql(fmt.Sprintf(`SELECT b, h.lsn, h.checksum, h.flags, h.lower, h.upper, h.special, h.pagesize, h.version, h.prune_xid
			FROM generate_series(0, pg_relation_size('%s', '%s') / 8192 - 1) b,
			     page_header(get_raw_page('%s', '%s', b)) h ORDER BY b`, f.rel, f.fork, f.rel, f.fork))
		byBlock := map[int]*pageExpect{}
		for _, r := range rows {
			e := &pageExpect{Name: fmt.Sprintf("%s/%s/%s", f.rel, f.fork, r[0])}
			e.Block = uint32(atoi(t, r[0]))
			e.Header.LSN = r[1]
			e.Header.Checksum = uint16(atoi(t, r[2]))
			e.Header.Flags = uint16(atoi(t, r[3]))
			e.Header.Lower, e.Header.Upper, e.Header.Special = atoi(t, r[4]), atoi(t, r[5]), atoi(t, r[6])
			e.Header.PageSize, e.Header.Version = atoi(t, r[7]), atoi(t, r[8])
			e.Header.PruneXID = uint32(atoi(t, r[9]))
			e.Items = [][4]int{}
			e.Meta = f.kind == "btree" && e.Block == 0
			byBlock[int(e.Block)] = e
			expects[f.file] = append(expects[f.file], e)
		}
		var items [][]string
		switch f.kind {
		case "heap":
			items = c.psql(fmt.Sprintf(`SELECT b, i.lp, i.lp_off, i.lp_flags, i.lp_len
				FROM generate_series(0, pg_relation_size('%s') / 8192 - 1) b,
				     heap_page_items(get_raw_page('%s', b)) i ORDER BY b, i.lp`, f.rel, f.rel))
		case "btree":
			// Block 0 is the metapage, which has no items.
			items = c.psql(fmt.Sprintf(`SELECT b, i.itemoffset, -1, CASE WHEN i.dead THEN 3 ELSE 1 END, i.itemlen
				FROM generate_series(1, pg_relation_size('%s') / 8192 - 1) b,
				     bt_page_items(get_raw_page('%s', b)) i ORDER BY b, i.itemoffset`, f.rel, f.rel))
		}
		for _, r := range items {
			e := byBlock[atoi(t, r[0])]
			e.Items = append(e.Items, [4]int{atoi(t, r[1]), atoi(t, r[2]), atoi(t, r[3]), atoi(t, r[4])})
		}
	}
	c.stop()

	// Every kind of line pointer must have been seen, or the test is
	// weaker than it claims.
	seen := map[ItemFlags]int{}
	for file, es := range expects {
		raw, err := os.ReadFile(filepath.Join(c.data, file))
		if err != nil {
			t.Fatal(err)
		}
		if len(raw) != len(es)*Size {
			t.Fatalf("%s: %d bytes for %d pages", file, len(raw), len(es))
		}
		for _, e := range es {
			p := Page(raw[int(e.Block)*Size : int(e.Block+1)*Size])
			checkPage(t, p, e)
			for _, it := range e.Items {
				seen[ItemFlags(it[2])]++
			}
		}
	}
	t.Logf("line pointers checked by state: %v", seen)
	for _, f := range []ItemFlags{Normal, Redirect, Dead, Unused} {
		if seen[f] == 0 {
			t.Errorf("no line pointer with flags %d in the live pages", f)
		}
	}

	pages := checksumWholeCluster(t, c.data)
	t.Logf("checksums of %d pages of every relation file agree with PostgreSQL", pages)
	c.run("pg_checksums", "--check", "-D", c.data)

	if *rewrite {
		writeImages(t, c.data, expects, heapPath, idxPath)
	}
}

var itemLine = regexp.MustCompile(`\[\s+(-?\d+),\s+(-?\d+),\s+(-?\d+),\s+(-?\d+)\s+\]`)

var relFileName = regexp.MustCompile(`^[0-9]+(_fsm|_vm|_init)?(\.([0-9]+))?$`)

// checksumWholeCluster recomputes the checksum of every initialised page
// of every relation file of the stopped cluster and compares it with the
// stored one. It returns the number of pages checked.
func checksumWholeCluster(t *testing.T, data string) int {
	pages := 0
	for _, top := range []string{"base", "global"} {
		err := filepath.WalkDir(filepath.Join(data, top), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			m := relFileName.FindStringSubmatch(d.Name())
			if m == nil {
				return nil
			}
			seg := 0
			if m[3] != "" {
				seg, _ = strconv.Atoi(m[3])
			}
			raw, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for i := 0; i+Size <= len(raw); i += Size {
				p := Page(raw[i : i+Size])
				blk := uint32(seg*131072 + i/Size)
				if err := p.Verify(blk); err != nil {
					t.Errorf("%s block %d: %v", path, blk, err)
				}
				if !p.IsNew() {
					pages++
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if pages < 100 {
		t.Errorf("only %d pages found in the cluster", pages)
	}
	return pages
}

// writeImages stores a handful of the live pages as testdata.
func writeImages(t *testing.T, data string, expects map[string][]*pageExpect, heapPath, idxPath string) {
	pick := func(file string, blk int, name string) {
		es := expects[file]
		if blk < 0 {
			blk += len(es)
		}
		e := es[blk]
		raw, err := os.ReadFile(filepath.Join(data, file))
		if err != nil {
			t.Fatal(err)
		}
		js, _ := json.MarshalIndent(e, "", "\t")
		// One line pointer per line keeps the files readable in a diff.
		js = itemLine.ReplaceAll(js, []byte("[$1, $2, $3, $4]"))
		if err := os.WriteFile("testdata/"+name+".page", raw[blk*Size:(blk+1)*Size], 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("testdata/"+name+".json", append(js, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The heap page with the most kinds of line pointer.
	best, bestKinds := 0, 0
	for i, e := range expects[heapPath] {
		kinds := map[int]bool{}
		for _, it := range e.Items {
			kinds[it[2]] = true
		}
		if len(kinds) > bestKinds {
			best, bestKinds = i, len(kinds)
		}
	}
	pick(heapPath, best, "heap_mixed")
	pick(heapPath, -1, "heap_last")
	pick(heapPath+"_fsm", 0, "fsm_root")
	pick(heapPath+"_vm", 0, "vm")
	pick(idxPath, 0, "btree_meta")
	pick(idxPath, 1, "btree_leaf")
	pick(idxPath, -1, "btree_last")
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return n
}
