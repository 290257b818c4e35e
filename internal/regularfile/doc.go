// Package regularfile opens and reads files on disk that must be regular
// files: the artifacts of a working tree, its configuration, its .gitignore
// files, the files whose content --changed hashes. It never blocks on a named
// pipe, which would wait for a writer that may never come.
//
// It holds only this, so that package artifact and package gitrepo share it
// without importing each other; it imports nothing of aims.
package regularfile
