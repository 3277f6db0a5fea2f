package wal

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

type blockSpec struct {
	id     uint8
	loc    RelFileLocator
	fork   uint8
	block  uint32
	page   []byte
	flags  BlockFlags
	data   [][]byte
	image  bool   // an image is expected
	holeAt uint16 // expected hole offset
	hole   uint16 // expected hole length
}

type recSpec struct {
	name   string
	rmid   uint8
	info   uint8
	xid    uint64
	blocks []blockSpec
	main   [][]byte
}

func (s *recSpec) build(b *Builder) {
	b.Reset(s.rmid, s.info, s.xid)
	for _, bl := range s.blocks {
		b.RegisterBlock(bl.id, bl.loc, bl.fork, bl.block, bl.page, bl.flags)
		for _, d := range bl.data {
			b.AppendBlockData(bl.id, d)
		}
	}
	for _, m := range s.main {
		b.AppendData(m)
	}
}

func (s *recSpec) check(t *testing.T, r *Record) {
	t.Helper()
	if r.RmID != s.rmid || r.Info != s.info || r.Xid != s.xid {
		t.Errorf("%s: rmid/info/xid %d/%d/%d, want %d/%d/%d", s.name, r.RmID, r.Info, r.Xid, s.rmid, s.info, s.xid)
	}
	if want := bytes.Join(s.main, nil); !bytes.Equal(r.MainData, want) {
		t.Errorf("%s: main data %d bytes, want %d", s.name, len(r.MainData), len(want))
	}
	if len(r.Blocks) != len(s.blocks) {
		t.Fatalf("%s: %d blocks, want %d", s.name, len(r.Blocks), len(s.blocks))
	}
	for _, want := range s.blocks {
		got := r.Block(want.id)
		if got == nil {
			t.Fatalf("%s: block %d missing", s.name, want.id)
		}
		if got.Locator != want.loc || got.Fork != want.fork || got.Block != want.block || got.WillInit != (want.flags&BlockWillInit != 0) {
			t.Errorf("%s: block %d is %+v", s.name, want.id, *got)
		}
		if !bytes.Equal(got.Data, bytes.Join(want.data, nil)) {
			t.Errorf("%s: block %d data differs", s.name, want.id)
		}
		if got.HasImage != want.image {
			t.Fatalf("%s: block %d has image %v, want %v", s.name, want.id, got.HasImage, want.image)
		}
		if want.image {
			if got.HoleOffset != want.holeAt || got.HoleLength != want.hole {
				t.Errorf("%s: block %d hole %d+%d, want %d+%d", s.name, want.id, got.HoleOffset, got.HoleLength, want.holeAt, want.hole)
			}
			page := make([]byte, PageSize)
			got.RestorePage(page)
			if !bytes.Equal(page, want.page) {
				t.Errorf("%s: block %d restored page differs", s.name, want.id)
			}
		}
	}
}

// shapes returns records of every shape, with images decided against a
// redo point of 0/0 (so only forced images).
func shapes() []recSpec {
	rel := RelFileLocator{1663, 5, 16384}
	rel2 := RelFileLocator{1663, 5, 16390}
	std := stdPage(1, 0x100, 200, 7000)
	full := stdPage(2, 0x100, 8000, 8000) // lower == upper: no hole
	odd := payload(3, PageSize)           // not a standard page
	return []recSpec{
		{name: "empty", rmid: 1, info: 0x10},
		{name: "main only", rmid: 2, info: 0x20, xid: 7, main: [][]byte{[]byte("hello"), payload(4, 95)}},
		{name: "one block no data", rmid: 10, blocks: []blockSpec{{id: 0, loc: rel, block: 3}}},
		{name: "blocks and data", rmid: 10, info: 0x80, xid: 1 << 40,
			blocks: []blockSpec{
				{id: 0, loc: rel, block: 1, data: [][]byte{payload(5, 30), payload(6, 7)}},
				{id: 1, loc: rel, fork: FSMFork, block: 2},
				{id: 4, loc: rel2, fork: VMFork, block: 1 << 31, data: [][]byte{payload(7, 300)}, flags: BlockWillInit},
			},
			main: [][]byte{payload(8, 40)}},
		{name: "blocks registered out of order", rmid: 11,
			blocks: []blockSpec{
				{id: 3, loc: rel2, block: 9, data: [][]byte{[]byte("c")}},
				{id: 1, loc: rel, block: 8, data: [][]byte{[]byte("a")}},
			}},
		{name: "image with hole", rmid: 12, blocks: []blockSpec{
			{id: 0, loc: rel, block: 5, page: std, flags: BlockStandard | BlockForceImage, image: true, holeAt: 200, hole: 6800},
		}},
		{name: "image without hole", rmid: 12, blocks: []blockSpec{
			{id: 0, loc: rel, block: 6, page: full, flags: BlockStandard | BlockForceImage, image: true},
			{id: 1, loc: rel, block: 7, page: odd, flags: BlockForceImage, image: true, data: [][]byte{[]byte("x")}},
		}, main: [][]byte{payload(9, 10)}},
		{name: "many blocks", rmid: 13, blocks: func() []blockSpec {
			var bs []blockSpec
			for i := range MaxBlocks {
				bs = append(bs, blockSpec{id: uint8(i), loc: RelFileLocator{1663, 5, uint32(16384 + i%3)}, block: uint32(i), data: [][]byte{payload(uint64(i), i)}})
			}
			return bs
		}()},
		{name: "spans pages", rmid: 14, main: [][]byte{payload(10, 3*PageSize+17)}},
		{name: "spans a segment", rmid: 15, main: [][]byte{payload(11, testSegSize/2+123)}},
		{name: "spans two segments", rmid: 15, main: [][]byte{payload(12, 2*testSegSize+5)}},
	}
}

func TestRoundTrip(t *testing.T) {
	e := newEnv(t, 2, nil)
	w := e.started(t)
	specs := shapes()
	var b Builder
	var starts, ends []LSN
	// Every shape several times, so that each lands at different offsets.
	for rep := range 3 {
		for i := range specs {
			specs[i].build(&b)
			end, err := w.Insert(&b)
			if err != nil {
				t.Fatalf("rep %d %s: %v", rep, specs[i].name, err)
			}
			s, e2 := b.Inserted()
			if e2 != end || s%8 != 0 || end%8 != 0 || s >= end {
				t.Fatalf("%s: inserted at %s..%s, returned %s", specs[i].name, s, e2, end)
			}
			starts, ends = append(starts, s), append(ends, end)
		}
	}
	if err := w.Flush(ends[len(ends)-1]); err != nil {
		t.Fatal(err)
	}
	if got := w.FlushedUpTo(); got < ends[len(ends)-1] {
		t.Fatalf("FlushedUpTo %s, want at least %s", got, ends[len(ends)-1])
	}
	recs, r := readAll(t, e.cfg.Dir, FirstLSN(testSegSize))
	if len(recs) != len(starts) {
		t.Fatalf("read %d records, want %d; end: %s", len(recs), len(starts), r.EndReason())
	}
	for i := range recs {
		spec := &specs[i%len(specs)]
		if recs[i].LSN != starts[i] || recs[i].EndLSN != ends[i] {
			t.Errorf("%s: record at %s..%s, inserted at %s..%s", spec.name, recs[i].LSN, recs[i].EndLSN, starts[i], ends[i])
		}
		if i > 0 && recs[i].Prev != starts[i-1] {
			t.Errorf("%s: prev %s, want %s", spec.name, recs[i].Prev, starts[i-1])
		}
		spec.check(t, &recs[i])
	}
	if r.EndLSN() != ends[len(ends)-1] {
		t.Errorf("EndLSN %s, want %s", r.EndLSN(), ends[len(ends)-1])
	}
	st := w.Stats()
	if st.Records != uint64(len(starts)) || st.FPI != 3*3 || st.Syncs == 0 || st.Writes == 0 {
		t.Errorf("stats %+v", st)
	}
}

func TestBuilderErrors(t *testing.T) {
	rel := RelFileLocator{1, 2, 3}
	tests := []struct {
		name string
		do   func(b *Builder)
	}{
		{"block id out of range", func(b *Builder) { b.RegisterBlock(MaxBlocks, rel, 0, 0, nil, 0) }},
		{"block id twice", func(b *Builder) { b.RegisterBlock(1, rel, 0, 0, nil, 0); b.RegisterBlock(1, rel, 0, 1, nil, 0) }},
		{"bad fork", func(b *Builder) { b.RegisterBlock(0, rel, 4, 0, nil, 0) }},
		{"short page", func(b *Builder) { b.RegisterBlock(0, rel, 0, 0, make([]byte, 100), 0) }},
		{"forced image without page", func(b *Builder) { b.RegisterBlock(0, rel, 0, 0, nil, BlockForceImage) }},
		{"data for unknown block", func(b *Builder) { b.AppendBlockData(2, []byte("x")) }},
		{"too much block data", func(b *Builder) {
			b.RegisterBlock(0, rel, 0, 0, nil, 0)
			b.AppendBlockData(0, make([]byte, 40000))
			b.AppendBlockData(0, make([]byte, 40000))
		}},
	}
	e := newEnv(t, 2, nil)
	w := e.started(t)
	var b Builder
	for _, tt := range tests {
		b.Reset(1, 0, 0)
		tt.do(&b)
		if _, err := w.Insert(&b); err == nil {
			t.Errorf("%s: Insert succeeded", tt.name)
		}
	}
	// The builder is usable again after Reset.
	b.Reset(1, 0, 0)
	b.AppendData([]byte("ok"))
	if _, err := w.Insert(&b); err != nil {
		t.Fatal(err)
	}
}

func TestFullPageImageDecision(t *testing.T) {
	e := newEnv(t, 2, nil)
	w := e.started(t)
	rel := RelFileLocator{1663, 1, 1}
	var b Builder
	insert := func(page []byte, flags BlockFlags) {
		b.Reset(1, 0, 0)
		b.RegisterBlock(0, rel, 0, 0, page, flags|BlockStandard)
		if _, err := w.Insert(&b); err != nil {
			t.Fatal(err)
		}
	}
	redo := w.SetRedo(0)
	if redo != w.InsertPos() || w.RedoPtr() != redo {
		t.Fatalf("SetRedo returned %s, insert position %s, RedoPtr %s", redo, w.InsertPos(), w.RedoPtr())
	}
	old := stdPage(1, redo-8, 100, 200)   // last logged before the redo point
	newer := stdPage(2, redo+8, 100, 200) // logged after it
	insert(old, 0)                        // image
	insert(newer, 0)                      // none
	insert(old, BlockWillInit)            // none
	insert(old, BlockNoImage)             // none
	insert(newer, BlockForceImage)
	w.cfg.FullPageWrites = false
	insert(old, 0) // none
	w.cfg.FullPageWrites = true
	if err := w.Flush(w.InsertPos()); err != nil {
		t.Fatal(err)
	}
	recs, _ := readAll(t, e.cfg.Dir, FirstLSN(testSegSize))
	want := []bool{true, false, false, false, true, false}
	if len(recs) != len(want) {
		t.Fatalf("%d records", len(recs))
	}
	for i, r := range recs {
		if got := r.Blocks[0].HasImage; got != want[i] {
			t.Errorf("record %d: image %v, want %v", i, got, want[i])
		}
	}
	if got := w.Stats().FPI; got != 2 {
		t.Errorf("FPI counter %d, want 2", got)
	}
}

func TestLSNFormat(t *testing.T) {
	tests := []struct {
		lsn  LSN
		text string
	}{
		{0, "0/0"},
		{0x16B3748, "0/16B3748"},
		{0x1_0000_0000, "1/0"},
		{0xFFFFFFFF_FFFFFFFF, "FFFFFFFF/FFFFFFFF"},
	}
	for _, tt := range tests {
		if got := tt.lsn.String(); got != tt.text {
			t.Errorf("%#x: %q, want %q", uint64(tt.lsn), got, tt.text)
		}
		if got, err := ParseLSN(tt.text); err != nil || got != tt.lsn {
			t.Errorf("ParseLSN(%q) = %s, %v", tt.text, got, err)
		}
	}
	for _, bad := range []string{"", "0", "/1", "1/", "G/0", "123456789/0", "0/0/0"} {
		if _, err := ParseLSN(bad); err == nil {
			t.Errorf("ParseLSN(%q) succeeded", bad)
		}
	}
}

func TestSegmentNames(t *testing.T) {
	tests := []struct {
		seg  uint64
		size int
		name string
	}{
		{1, 16 << 20, "000000010000000000000001"},
		{0xFF, 16 << 20, "0000000100000000000000FF"},
		{0x100, 16 << 20, "000000010000000100000000"},
		{0x1234, 1 << 20, "000000010000000100000234"},
	}
	for _, tt := range tests {
		if got := SegmentName(tt.seg, tt.size); got != tt.name {
			t.Errorf("SegmentName(%d, %d) = %s, want %s", tt.seg, tt.size, got, tt.name)
		}
		if got, ok := parseSegmentName(tt.name, tt.size); !ok || got != tt.seg {
			t.Errorf("parseSegmentName(%s) = %d, %v", tt.name, got, ok)
		}
	}
	for _, bad := range []string{"000000020000000000000001", "00000001000000000000000g", "0000000100000000000001000", "000000010000000000000100"} {
		if _, ok := parseSegmentName(bad, 16<<20); ok {
			t.Errorf("parseSegmentName(%s) accepted", bad)
		}
	}
}

// TestGeometry checks the byte-position conversions against a walk over
// pages.
func TestGeometry(t *testing.T) {
	for _, segSize := range []int{1 << 20, 16 << 20} {
		g := newGeometry(segSize)
		var pos uint64
		for l := uint64(0); l < uint64(3*segSize); l += 8 {
			in := l % PageSize
			hs := g.headerSizeAt(LSN(l - in))
			if in < hs {
				continue // inside a page header
			}
			if got := g.toLSN(pos); got != LSN(l) {
				t.Fatalf("seg %d: toLSN(%d) = %s, want %s", segSize, pos, got, LSN(l))
			}
			if got := g.toPos(LSN(l)); got != pos {
				t.Fatalf("seg %d: toPos(%s) = %d, want %d", segSize, LSN(l), got, pos)
			}
			end := LSN(l)
			if in == hs {
				end = LSN(l - in) // a record ending at a page boundary
			}
			if got := g.toEndLSN(pos); got != end {
				t.Fatalf("seg %d: toEndLSN(%d) = %s, want %s", segSize, pos, got, end)
			}
			pos += 8
		}
		if fmt.Sprint(g.usablePerSeg) == "" {
			t.Fatal()
		}
	}
}

func TestReplay(t *testing.T) {
	e := newEnv(t, 2, nil)
	w := e.started(t)
	var b Builder
	for i := range 30 {
		b.Reset(uint8(1+i%3), uint8(i), uint64(i))
		b.AppendData([]byte{byte(i)})
		if _, err := w.Insert(&b); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(w.InsertPos()); err != nil {
		t.Fatal(err)
	}
	var order []int
	redo := func(r *Record) error {
		if int(r.MainData[0]) != int(r.Info) || r.Xid != uint64(r.Info) {
			return fmt.Errorf("record %d damaged", r.Info)
		}
		order = append(order, int(r.Info))
		return nil
	}
	open := func() *Reader {
		r, err := NewReader(e.cfg.Dir, FirstLSN(testSegSize)) // finds the 1 MB segment size
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		return r
	}
	res, err := Replay(open(), map[uint8]func(*Record) error{1: redo, 2: redo, 3: redo})
	if err != nil {
		t.Fatal(err)
	}
	if res.Records != 30 || res.EndLSN != w.InsertPos() || len(order) != 30 || res.EndReason == "" {
		t.Fatalf("replay: %+v, order %v", res, order)
	}
	for i, v := range order {
		if v != i {
			t.Fatalf("replayed out of order: %v", order)
		}
	}
	if _, err := Replay(open(), map[uint8]RedoFunc{1: redo, 2: redo}); err == nil || !strings.Contains(err.Error(), "invalid resource manager ID 3") {
		t.Errorf("missing resource manager: %v", err)
	}
	failing := func(*Record) error { return errors.New("boom") }
	if _, err := Replay(open(), map[uint8]RedoFunc{1: failing}); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("failing redo: %v", err)
	}
}
