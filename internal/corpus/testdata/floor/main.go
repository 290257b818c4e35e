// Command floor does the least work any linter of these documents must do,
// with the libraries aims uses, so that aims's time can be stated as a
// multiple of it: it walks a folder (skipping .git), reads every Markdown
// and YAML file, parses its frontmatter or YAML with go.yaml.in/yaml/v3 and
// validates the result against its kind's embedded JSON Schema, on as many
// workers as there are cores. It keeps no positions and runs no rules.
//
//	go build -o /tmp/floor ./internal/corpus/testdata/floor
//	hyperfine -N '/tmp/floor /tmp/aims-10k' 'aims lint --as-of 2026-09-30 /tmp/aims-10k'
package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/aimsdev/aims/schema"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: floor DIR")
		os.Exit(2)
	}
	valid, invalid, err := run(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	fmt.Printf("%d valid, %d invalid or without a kind\n", valid, invalid)
}

func run(root string) (valid, invalid int64, err error) {
	set, err := schema.Compile(nil)
	if err != nil {
		return 0, 0, err
	}
	if root, err = filepath.EvalSymlinks(root); err != nil { // a link to the folder walks the folder
		return 0, 0, err
	}
	paths := make(chan string, 256)
	var ok, bad atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range paths {
				if check(set, p) {
					ok.Add(1)
				} else {
					bad.Add(1)
				}
			}
		}()
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && d.Name() == ".git":
			return filepath.SkipDir
		case d.Type().IsRegular() && d.Name() != ".aims.yaml" && (strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")):
			paths <- p
		}
		return nil
	})
	close(paths)
	wg.Wait()
	return ok.Load(), bad.Load(), err
}

// check reads, parses and validates one file.
func check(set *schema.Set, p string) bool {
	src, err := os.ReadFile(p)
	if err != nil {
		return false
	}
	if strings.HasSuffix(p, ".md") {
		rest, found := bytes.CutPrefix(src, []byte("---\n"))
		end := bytes.Index(rest, []byte("\n---\n"))
		if !found || end < 0 {
			return false
		}
		src = rest[:end+1]
	}
	var doc map[string]any
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return false
	}
	kind, _ := doc["kind"].(string)
	if !set.Has(kind) {
		return false
	}
	vs, err := set.Validate(kind, plain(doc))
	return err == nil && len(vs) == 0
}

// plain turns YAML's dates into strings, as JSON Schema sees them.
func plain(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = plain(e)
		}
	case []any:
		for i, e := range v {
			v[i] = plain(e)
		}
	case time.Time:
		return v.Format(time.DateOnly)
	}
	return v
}
