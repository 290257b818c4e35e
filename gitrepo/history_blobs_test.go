package gitrepo

import (
	"context"
	"errors"
	"sync"
	"testing"
)

// TestHistoryBlobReads reads every version of every artifact of a packed
// repository from several goroutines at once, as history rules do, and
// checks each against its hash; a read after Close fails.
func TestHistoryBlobReads(t *testing.T) {
	needGit(t)
	commits := randomCommits(11, 80)
	dir := t.TempDir()
	buildRepo(t, dir, commits)
	runGit(t, dir, nil, "repack", "-a", "-d", "-f", "-q", "--depth=50", "--window=10")
	h := checkHistory(t, dir, "", artifactPaths(commits, ""))
	if h.closeBlobs == nil {
		t.Fatal("the history reads no pack")
	}
	var blobs []string
	for _, ph := range h.paths {
		for _, c := range ph.Changes {
			for _, b := range []string{c.Blob, c.Before} {
				if b != "" {
					blobs = append(blobs, b)
				}
			}
		}
	}
	if len(blobs) < 50 {
		t.Fatalf("only %d blobs to read", len(blobs))
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range blobs {
				b := blobs[(i*7+w*13)%len(blobs)]
				data, err := h.ReadBlob(b)
				if err != nil || blobHash(data).String() != b {
					t.Errorf("ReadBlob(%s) = %q, %v", b, data, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := h.ReadBlob(blobs[0]); !errors.Is(err, errClosed) {
		t.Errorf("ReadBlob after Close: %v, want errClosed", err)
	}
	if err := h.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestHistoryBlobReadsNoPaths: a history of no paths reads blobs through
// the storer, and closes without error.
func TestHistoryBlobReadsNoPaths(t *testing.T) {
	repo, head := chainRepo(t, 2)
	h, err := readHistory(context.Background(), repo, head, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.ReadBlob("0000000000000000000000000000000000000000"); err == nil {
		t.Error("ReadBlob of a missing blob succeeded")
	}
	if err := h.Close(); err != nil {
		t.Error(err)
	}
}
