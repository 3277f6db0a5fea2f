package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// pgInstallHint is what to do when PostgreSQL 15 is missing.
const pgInstallHint = "install it with `apt-get install -y postgresql-15` (as root; Debian/Ubuntu), or point --pg-bin at a PostgreSQL 15 bin directory"

// findPostgres checks that the PostgreSQL 15 server binaries are in pgBin
// and installs the Debian package when they are not and we may.
func findPostgres(ctx context.Context, pgBin string, install bool, progress func(string, ...any)) error {
	missing := func() []string {
		var m []string
		for _, b := range []string{"postgres", "initdb"} {
			if _, err := os.Stat(filepath.Join(pgBin, b)); err != nil {
				m = append(m, b)
			}
		}
		return m
	}
	m := missing()
	if len(m) == 0 {
		return nil
	}
	_, aptErr := exec.LookPath("apt-get")
	if !install || os.Geteuid() != 0 || aptErr != nil || pgBin != defaultPgBin {
		return fmt.Errorf("PostgreSQL 15 not found (%s missing in %s): %s", strings.Join(m, ", "), pgBin, pgInstallHint)
	}
	progress("PostgreSQL 15 not found in %s; installing: apt-get install -y postgresql-15", pgBin)
	for _, args := range [][]string{{"update"}, {"install", "-y", "postgresql-15"}} {
		cmd := exec.Command("apt-get", args...)
		cmd.Env = append(childEnv(), "DEBIAN_FRONTEND=noninteractive")
		out, err := runChild(ctx, "apt-get", cmd)
		if err != nil {
			return fmt.Errorf("apt-get %s failed (%s): %s; %s", args[0], exitStatus(err), lastLines(string(out), 3), pgInstallHint)
		}
	}
	if m := missing(); len(m) > 0 {
		return fmt.Errorf("installed postgresql-15 but %s still missing in %s", strings.Join(m, ", "), pgBin)
	}
	progress("installed postgresql-15 (the package may also have started its own cluster on port 5432; this benchmark does not use it)")
	return nil
}

// postgresUser returns the credential to run PostgreSQL with. PostgreSQL
// refuses to run as root, so as root we use the OS user "postgres",
// creating it when it does not exist; as anyone else we run as ourselves.
func postgresUser(ctx context.Context, progress func(string, ...any)) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		progress("creating OS user postgres to run PostgreSQL (it refuses to run as root)")
		cmd := exec.Command("useradd", "--system", "--user-group", "--no-create-home",
			"--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", "postgres")
		if out, err := runChild(ctx, "useradd", cmd); err != nil {
			return nil, fmt.Errorf("PostgreSQL refuses to run as root and OS user postgres is missing; useradd failed (%s): %s", exitStatus(err), strings.TrimSpace(string(out)))
		}
		if u, err = user.Lookup("postgres"); err != nil {
			return nil, fmt.Errorf("look up OS user postgres after creating it: %w", err)
		}
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err := errors.Join(err1, err2); err != nil {
		return nil, fmt.Errorf("OS user postgres: %w", err)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}, nil
}

// chownTree gives a directory tree to the credential's user.
func chownTree(dir string, cred *syscall.Credential) error {
	if cred == nil {
		return nil
	}
	return filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, int(cred.Uid), int(cred.Gid))
	})
}

// preparePostgres lays out a PostgreSQL data directory under root with
// initdb and returns the (not yet started) server.
func preparePostgres(ctx context.Context, cfg *config, root string, progress func(string, ...any)) (*Server, error) {
	s := &Server{ID: serverPG, Name: "PostgreSQL", bin: filepath.Join(cfg.pgBin, "postgres")}
	dir := filepath.Join(root, "postgresql")
	s.dataDir = filepath.Join(dir, "data")
	s.sockDir = filepath.Join(dir, "sock")
	s.logPath = filepath.Join(root, "logs", "postgresql.log")
	if err := os.MkdirAll(s.sockDir, 0o700); err != nil {
		return s, err
	}
	if err := findPostgres(ctx, cfg.pgBin, !cfg.noInstall, progress); err != nil {
		return s, err
	}
	if out, err := exec.Command(s.bin, "--version").Output(); err == nil {
		s.Version = strings.TrimSpace(string(out))
		if !strings.Contains(s.Version, " 15.") {
			progress("warning: %s is not PostgreSQL 15 (%s)", s.bin, s.Version)
		}
	}
	cred, err := postgresUser(ctx, progress)
	if err != nil {
		return s, err
	}
	s.cred = cred
	if err := chownTree(dir, cred); err != nil {
		return s, fmt.Errorf("give %s to user postgres: %w", dir, err)
	}
	// C locale and UTF8, so that neither server pays for collation the
	// other does not do; --no-sync because the directory is thrown away.
	cmd := exec.Command(filepath.Join(cfg.pgBin, "initdb"), "-D", s.dataDir, "-U", "postgres",
		"--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions")
	cmd.Dir = dir
	if cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	ictx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if out, err := runChild(ictx, "initdb", cmd); err != nil {
		return s, fmt.Errorf("initdb failed (%s): %s", exitStatus(err), lastLines(string(out), 3))
	}
	return s, nil
}

// prepareRingpg builds ringpg (or takes --ringpg-bin) and returns the (not
// yet started) server; its data directory is created on first start.
func prepareRingpg(ctx context.Context, cfg *config, root, moduleRoot string) (*Server, error) {
	dir := filepath.Join(root, "ringpg")
	s := &Server{ID: serverRingpg, Name: "ringpg",
		dataDir: filepath.Join(dir, "data"),
		sockDir: filepath.Join(dir, "sock"),
		logPath: filepath.Join(root, "logs", "ringpg.log"),
	}
	if err := os.MkdirAll(s.sockDir, 0o700); err != nil {
		return s, err
	}
	if cfg.ringpgBin != "" {
		abs, err := filepath.Abs(cfg.ringpgBin)
		if err != nil {
			return s, err
		}
		if _, err := os.Stat(abs); err != nil {
			return s, fmt.Errorf("--ringpg-bin: %w", err)
		}
		s.bin = abs
	} else {
		if moduleRoot == "" {
			return s, fmt.Errorf("did not build: module ringpg not found above %s (run from the repository or pass --ringpg-bin)", mustGetwd())
		}
		s.bin = filepath.Join(root, "bin", "ringpg")
		cmd := exec.Command("go", "build", "-o", s.bin, "./cmd/ringpg")
		cmd.Dir = moduleRoot
		cmd.Env = append(childEnv(), "CGO_ENABLED=0")
		bctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
		defer cancel()
		if out, err := runChild(bctx, "go build", cmd); err != nil {
			msg := strings.TrimSpace(string(out))
			if msg == "" {
				msg = exitStatus(err)
			}
			return s, fmt.Errorf("did not build: %s", firstLines(msg, 3))
		}
	}
	// No `ringpg --version`: without a sub-command ringpg starts a server.
	s.Version = "ringpg"
	return s, nil
}

func firstLines(text string, n int) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "...")
	}
	return strings.Join(lines, " | ")
}

func mustGetwd() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	return wd
}

// findModuleRoot walks up from the working directory to the go.mod that
// declares module ringpg.
func findModuleRoot() string {
	dir := mustGetwd()
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			for _, line := range strings.Split(string(data), "\n") {
				f := strings.Fields(line)
				if len(f) == 2 && f[0] == "module" && f[1] == "ringpg" {
					return dir
				}
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
