//go:build !unix

package lint

// openFlags adds nothing where named pipes are not files in a folder.
const openFlags = 0
