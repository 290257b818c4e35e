package rules

import (
	"fmt"
	"strings"

	"github.com/aimsdev/aims/lint"
)

// MarkdownTable renders rules as the Markdown table the README embeds: id,
// default severity, title and ISO 42001 references.
func MarkdownTable(rules []*lint.Rule) string {
	var b strings.Builder
	b.WriteString("| rule | severity | what it reports | ISO/IEC 42001 |\n| --- | --- | --- | --- |\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", r.ID, r.Severity, r.Title, strings.Join(r.Controls, ", "))
	}
	return b.String()
}
