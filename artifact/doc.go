// Package artifact is how files become documents. It lists the candidate
// files of a repository (Markdown and YAML, on disk or in any fs.FS), reads
// them without ever blocking on a named pipe, and parses each into a
// Document that keeps the position of every value, with the Problems found
// on the way (a file that does not parse, is too large, or is a link out of
// the repository). It says which Markdown and YAML files are not artifacts,
// and why, and what a line-by-line reading finds in a document whose YAML
// does not parse (a Salvage).
//
// It owns Position and Range, the places findings point at, Document and
// its Sections, Problem, File (a candidate file), and the glob matching the
// configuration uses.
//
// It must not import package lint, which builds on it, nor package gitrepo:
// what discovery needs from the configuration or from git comes in as plain
// values (a kind hint, a size limit, the layout's folders, an Ignore).
package artifact
