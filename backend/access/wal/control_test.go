package wal

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"ringpg/pgerr"
)

func TestControlFile(t *testing.T) {
	dir := t.TempDir()
	path := ControlPath(dir)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	want := &Control{SystemID: 7300000000000000001, State: DBInProduction, Checkpoint: 0x1000100,
		Redo: 0x1000028, NextXid: 1 << 33, NextOid: 16400, SegmentSize: DefaultSegmentSize, Time: time.Unix(1800000000, 0)}
	for _, state := range []DBState{DBShutdowned, DBInCrashRecovery, DBInProduction} {
		want.State = state
		if err := WriteControl(path, want); err != nil {
			t.Fatal(err)
		}
		got, err := ReadControl(path)
		if err != nil {
			t.Fatal(err)
		}
		if *got != *want {
			t.Fatalf("read %+v, wrote %+v", got, want)
		}
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != ControlFileSize {
		t.Fatalf("control file: %v, %v", fi, err)
	}
	if _, err := os.Stat(path + ".tmp"); !os.IsNotExist(err) {
		t.Errorf("temporary file left behind: %v", err)
	}
	good, _ := os.ReadFile(path)
	tests := []struct {
		name   string
		mutate func(b []byte) []byte
		msg    string
	}{
		{"flipped byte", func(b []byte) []byte { b[30] ^= 1; return b }, "incorrect checksum in control file"},
		{"flipped checksum", func(b []byte) []byte { b[controlDataLen] ^= 1; return b }, "incorrect checksum in control file"},
		{"truncated", func(b []byte) []byte { return b[:20] }, "could not read file"},
	}
	for _, tt := range tests {
		if err := os.WriteFile(path, tt.mutate(append([]byte(nil), good...)), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := ReadControl(path)
		var pe *pgerr.Error
		if !errors.As(err, &pe) || pe.Severity != pgerr.SeverityFatal || len(pe.Message) < len(tt.msg) || pe.Message[:len(tt.msg)] != tt.msg {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	if _, err := ReadControl(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing file read")
	}
	if s := DBInCrashRecovery.String(); s != "in crash recovery" {
		t.Errorf("state string %q", s)
	}
}
