package lint

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"sync"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/gitrepo"
	"github.com/aimsdev/aims/schema"
)

// A DocumentCache keeps the documents the last run loaded from a commit
// (read, parsed with their YAML tree, and validated against their kind's
// schema), by path and git blob, so that later runs of the same
// configuration over other commits (aims trend) neither read nor parse nor
// validate an unchanged file again. Files of the working tree and symbolic
// links are never cached. The documents are shared between runs and never
// changed after loading.
//
// It also keeps what the Timeless rules found in each document of the last
// run (see reuse.go): the next run judges again only the documents it did
// not judge, those whose file changed. And it keeps the compiled schemas
// while the custom kinds' schemas stay the same, and the sizes of the blobs
// the commits' listings read.
//
// A cache belongs to one configuration: set Config.DocumentCache to the
// same cache only on copies of one Config. It is safe for concurrent use.
type DocumentCache struct {
	mu      sync.Mutex
	schemas string      // the identity of the schemas the documents were validated with
	set     *schema.Set // those schemas, compiled
	docs    map[docKey]loaded
	used    map[docKey]bool // the files of the run loading now
	hits    int
	// judged holds, by rule id, the findings a Timeless rule reported
	// about each document of the last full run it judged.
	judged map[string]map[*artifact.Document][]Finding
	reused int
	// sizes are the blob sizes the commits' listings read.
	sizes *gitrepo.Sizes
}

// docKey is a file of a commit: its path and blob.
type docKey struct{ path, blob string }

// loaded is what loadOne returned for a file.
type loaded struct {
	d       *artifact.Document
	skipped *artifact.Skipped
}

// NewDocumentCache returns an empty cache.
func NewDocumentCache() *DocumentCache {
	return &DocumentCache{docs: map[docKey]loaded{}, sizes: gitrepo.NewSizes()}
}

// Hits returns how many documents were taken from the cache.
func (c *DocumentCache) Hits() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits
}

// useSchemas empties the cache when the schemas documents are validated
// with (the custom kinds' schemas of the commit) are not those of the
// documents it holds, and returns the compiled schemas it holds for id, or
// nil.
func (c *DocumentCache) useSchemas(id string) *schema.Set {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.schemas != id {
		c.schemas, c.docs, c.judged, c.set = id, map[docKey]loaded{}, nil, nil
	}
	return c.set
}

// setSchemas records the schemas compiled for the identity useSchemas was
// last given.
func (c *DocumentCache) setSchemas(set *schema.Set) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.set = set
}

// get returns the document loaded from path's blob, if any.
func (c *DocumentCache) get(k docKey) (loaded, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l, ok := c.docs[k]
	if ok {
		c.hits++
		c.use(k)
	}
	return l, ok
}

// use notes that the run loading now has the file k.
func (c *DocumentCache) use(k docKey) {
	if c.used == nil {
		c.used = map[docKey]bool{}
	}
	c.used[k] = true
}

// endLoading ends a run's loading: the documents of files it did not have
// are dropped, so that the cache holds one commit's documents, not every
// version of every file.
func (c *DocumentCache) endLoading() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.docs {
		if !c.used[k] {
			delete(c.docs, k)
		}
	}
	c.used = nil
}

// put records what loading path's blob gave.
func (c *DocumentCache) put(k docKey, l loaded) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.docs[k] = l
	c.use(k)
}

// blobKey returns the cache key of the file at p of a commit's tree, or ok
// false when it has none (a file on disk, a link).
func blobKey(fsys fs.FS, p string) (docKey, bool) {
	lfs, ok := fsys.(interface {
		Lstat(string) (fs.FileInfo, error)
	})
	if !ok {
		return docKey{}, false
	}
	fi, err := lfs.Lstat(p)
	if err != nil {
		return docKey{}, false
	}
	id := gitrepo.BlobID(fi)
	return docKey{p, id}, id != ""
}

// schemasID identifies the custom kinds' schemas as read from a tree.
func schemasID(customs []schema.Custom) string {
	h := sha256.New()
	for _, c := range customs {
		for _, s := range []string{c.Kind, c.Path, string(c.Data)} {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
