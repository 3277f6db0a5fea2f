package settings

import (
	"bytes"
	"testing"
)

func TestEncodeRoundTrip(t *testing.T) {
	s := New()
	s.Postmaster = true
	mustApply(t, s, "shared_buffers", "1GB", ContextPostmaster, SourceArgv)
	file := []ConfItem{
		{Name: "checkpoint_completion_target", Value: "0.7", File: "f", Line: 1},
		{Name: "synchronous_commit", Value: "off", File: "f", Line: 2},
		{Name: "search_path", Value: `"My Schema", public`, File: "f", Line: 3},
		{Name: "app.tenant", Value: "42", File: "f", Line: 4},
	}
	if _, err := s.ApplyConf(file, "f", false); err != nil {
		t.Fatal(err)
	}
	if err := s.SetInternal("shared_memory_size", "1100"); err != nil {
		t.Fatal(err)
	}
	// A reload with a new port leaves it pending restart.
	s.ApplyConf(append(file, ConfItem{Name: "port", Value: "5433", File: "f", Line: 5}), "f", true)

	data := s.Encode()
	d, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(d.Encode(), data) {
		t.Fatal("re-encoding differs")
	}
	for _, name := range []string{"shared_buffers", "checkpoint_completion_target", "synchronous_commit", "search_path",
		"app.tenant", "shared_memory_size", "work_mem", "port"} {
		a, _ := s.Show(name)
		b, err := d.Show(name)
		if err != nil || a != b {
			t.Errorf("%s: %q vs %q (%v)", name, a, b, err)
		}
		sa, _ := s.Source(name)
		sb, _ := d.Source(name)
		if sa != sb {
			t.Errorf("%s: source %v vs %v", name, sa, sb)
		}
	}
	if !findRow(d, "port").PendingRestart {
		t.Error("pending restart lost")
	}
	if d.Postmaster {
		t.Error("the postmaster mark travelled")
	}
	// The backend's RESET goes where the postmaster's would.
	d.SetSession("synchronous_commit", "on", false)
	d.Reset("synchronous_commit", false)
	if v, _ := d.Show("synchronous_commit"); v != "off" {
		t.Errorf("RESET after decode: %s", v)
	}
}

func TestDecodeRejectsGarbage(t *testing.T) {
	good := New().Encode()
	s := New()
	s.SetSession("work_mem", "8MB", false)
	withEntry := s.Encode()
	for _, b := range [][]byte{nil, []byte("RGS"), []byte("XXXX\x00"), append(append([]byte{}, good...), 0),
		withEntry[:len(withEntry)-1], []byte("RGS1\x01\x03foo\x00\x00\x00")} {
		if _, err := Decode(b); err == nil {
			t.Errorf("Decode(%q) accepted", b)
		}
	}
	if _, err := Decode(good); err != nil {
		t.Errorf("empty set: %v", err)
	}
}
