//go:build !unix

package regularfile

// openFlags adds nothing where named pipes are not files in a folder.
const openFlags = 0
