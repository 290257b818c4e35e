// Package adopt proposes the configuration that lets aims read a repository
// whose governance documents already exist in their own shape: `aims adopt`.
//
// [Scan] lists the repository's Markdown and YAML files the way `aims lint`
// discovers them (git's ignore rules included), and reads the frontmatter or
// top-level mapping of each. [Propose] groups the files by folder, file type
// and frontmatter fields, and proposes for each group a kind (a built-in kind
// when the folder, file names, titles and fields clearly say which, else a
// custom kind named after the group), the mappings that turn the group's
// fields and values into the ones aims knows (field synonyms, status
// vocabularies, reference notations, where the ids come from), and for each
// custom kind a JSON Schema inferred from the fields and values seen. The
// proposal is text: a commented .aims.yaml and the schema files, which the
// command writes without overwriting anything.
//
// The package reads files and never writes them; it knows nothing of the
// command line.
package adopt
