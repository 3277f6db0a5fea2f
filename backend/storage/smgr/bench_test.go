package smgr

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// Sequential scan of a 64 MB relation (8192 blocks), block by block with
// Read and in ReadV batches, with each engine, from the page cache (warm)
// and from the device (cold: the file's pages are dropped from the cache
// with posix_fadvise before each pass). MB/s is the figure to read.
//
//	go test ./backend/storage/smgr -run '^$' -bench SeqRead -benchtime 10x
//
// BenchmarkSeqReadDD reads the same file with dd for comparison; its own
// report is in the log (-v).

const benchBlocks = 64 << 20 / BlockSize

var benchDir string // made once per test binary, removed by TestMain

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// benchRelation returns a data directory holding base/5/16384, 64 MB,
// written and synced so its cached pages can be dropped.
func benchRelation(b *testing.B) (dir, file string) {
	if benchDir == "" {
		d, err := os.MkdirTemp("", "ringpg-smgr-bench")
		if err != nil {
			b.Fatal(err)
		}
		benchDir = d
		m := New(d, NewSyncIO())
		if err := m.Create(rel, Main); err != nil {
			b.Fatal(err)
		}
		for blk := uint32(0); blk < benchBlocks; blk++ {
			if err := m.Extend(rel, Main, blk, block(rel, blk)); err != nil {
				b.Fatal(err)
			}
		}
		if err := m.Sync(rel, Main); err != nil {
			b.Fatal(err)
		}
		m.Close()
	}
	return benchDir, filepath.Join(benchDir, rel.Path(Main))
}

// dropCache evicts the file's pages from the page cache.
func dropCache(b *testing.B, file string) {
	fd, err := unix.Open(file, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer unix.Close(fd)
	if err := unix.Fadvise(fd, 0, 0, unix.FADV_DONTNEED); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkSeqRead(b *testing.B) {
	dir, file := benchRelation(b)
	for _, engine := range engineNames {
		for _, batch := range []int{1, 16, 64} {
			for _, cache := range []string{"warm", "cold"} {
				name := fmt.Sprintf("%s/batch=%d/%s", engine, batch, cache)
				b.Run(name, func(b *testing.B) {
					m := New(dir, newEngine(b, engine))
					defer m.Close()
					buf := make([]byte, batch*BlockSize)
					reqs := make([]Req, batch)
					for i := range reqs {
						reqs[i] = Req{Rel: rel, Fork: Main, Buf: buf[i*BlockSize : (i+1)*BlockSize]}
					}
					b.SetBytes(benchBlocks * BlockSize)
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						if cache == "cold" {
							b.StopTimer()
							dropCache(b, file)
							b.StartTimer()
						}
						for blk := uint32(0); blk < benchBlocks; blk += uint32(batch) {
							if batch == 1 {
								if err := m.Read(rel, Main, blk, buf); err != nil {
									b.Fatal(err)
								}
								continue
							}
							for j := range reqs {
								reqs[j].Block = blk + uint32(j)
							}
							if err := m.ReadV(reqs); err != nil {
								b.Fatal(err)
							}
						}
					}
					b.StopTimer()
					// The last blocks read are the last of the relation.
					for j := range reqs {
						wantBlock(b, buf[j*BlockSize:(j+1)*BlockSize], rel, benchBlocks-uint32(batch)+uint32(j))
					}
				})
			}
		}
	}
}

func BenchmarkSeqReadDD(b *testing.B) {
	_, file := benchRelation(b)
	for _, cache := range []string{"warm", "cold"} {
		for _, bs := range []string{"8k", "128k"} {
			b.Run(fmt.Sprintf("bs=%s/%s", bs, cache), func(b *testing.B) {
				b.SetBytes(benchBlocks * BlockSize)
				var report string
				for i := 0; i < b.N; i++ {
					if cache == "cold" {
						b.StopTimer()
						dropCache(b, file)
						b.StartTimer()
					}
					out, err := exec.Command("dd", "if="+file, "of=/dev/null", "bs="+bs).CombinedOutput()
					if err != nil {
						b.Skipf("dd: %v %s", err, out)
					}
					report = string(out)
				}
				lines := strings.Split(strings.TrimSpace(report), "\n")
				b.Logf("dd bs=%s %s: %s", bs, cache, lines[len(lines)-1])
			})
		}
	}
}
