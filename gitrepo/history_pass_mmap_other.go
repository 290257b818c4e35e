//go:build !unix

package gitrepo

import "os"

// mapFile does not map files on this system: packs are read through the
// file.
func mapFile(*os.File, int64) ([]byte, func() error, bool) { return nil, nil, false }
