package main

import (
	"errors"
	"fmt"
	"time"

	"ringpg/backend"
	"ringpg/backend/access/transam"
	"ringpg/backend/access/xlog"
	"ringpg/backend/checkpoint"
	"ringpg/backend/storage"
	"ringpg/backend/storage/smgr"
)

// recoveryMain is the startup process: crash recovery from the WAL (a
// clean shutdown leaves only its checkpoint record to read), then the
// end-of-recovery checkpoint, before the postmaster lets sessions in.
func recoveryMain(env *backend.AuxEnv) error {
	set := env.Settings
	dataDir := set.DataDirectory()
	method, _ := set.Show("io_method")
	io, err := smgr.NewIO(method)
	var fb *smgr.FallbackError
	if err != nil && !errors.As(err, &fb) {
		return fmt.Errorf("file I/O: %w", err)
	}
	lg, err := xlog.Attach(env.Seg, env.Slot, xlog.Config(set, dataDir, io))
	if err != nil {
		return err
	}
	defer lg.Close()
	pool, files, err := storage.OpenIO(env.Seg, int(set.SharedBuffers()), uint32(env.Slot), dataDir, io, lg.RecoveryHooks(storage.Hooks()))
	if err != nil {
		return err
	}
	defer files.Close()
	tm, err := transam.Attach(env.Seg, dataDir, env.Slot)
	if err != nil {
		return err
	}
	defer tm.Close()
	tm.SetBeforeClogWrite(func() error { return lg.WAL().Flush(lg.WAL().InsertPos()) })
	if _, err := xlog.Recover(lg, pool, files, tm); err != nil {
		return err
	}
	c := &checkpoint.Checkpointer{Pool: pool, TM: tm, Log: lg, DataDir: dataDir,
		FutureSegments: checkpoint.FutureSegments(set), LogCheckpoints: set.Bool("log_checkpoints")}
	if _, err := c.Run(checkpoint.EndOfRecovery); err != nil {
		return err
	}
	return nil
}

// checkpointerMain is the checkpointer process.
func checkpointerMain(env *backend.AuxEnv) error {
	c, err := checkpoint.Open(env.Seg, env.Settings, env.Slot)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Serve(env.Seg, checkpoint.ScheduleOf(env.Settings), env.Stop, env.Reload)
}

// walWriterMain is the WAL writer process.
func walWriterMain(env *backend.AuxEnv) error {
	set := env.Settings
	lg, err := xlog.Attach(env.Seg, env.Slot, xlog.Config(set, set.DataDirectory(), nil))
	if err != nil {
		return err
	}
	defer lg.Close()
	delay := time.Duration(set.Int("wal_writer_delay")) * time.Millisecond
	return checkpoint.WALWriter(lg, delay, env.Stop, env.Reload)
}

// bgWriterMain is the background writer process.
func bgWriterMain(env *backend.AuxEnv) error {
	set := env.Settings
	dataDir := set.DataDirectory()
	lg, err := xlog.Attach(env.Seg, env.Slot, xlog.Config(set, dataDir, nil))
	if err != nil {
		return err
	}
	defer lg.Close()
	pool, files, err := storage.OpenIO(env.Seg, int(set.SharedBuffers()), uint32(env.Slot), dataDir, smgr.NewSyncIO(), lg.WriterHooks(storage.Hooks()))
	if err != nil {
		return err
	}
	defer files.Close()
	return checkpoint.BgWriter(env.Seg, pool, set, env.Stop, env.Reload)
}
