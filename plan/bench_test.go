package plan

import (
	"fmt"
	"testing"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/internal/corpus"
	"github.com/aimsdev/aims/lint"
)

// BenchmarkBuild builds the plan of a generated repository of 10,000
// artifacts, with 10,000 findings added to its (clean) lint result. Linting
// is set-up; only Build is timed:
//
//	go test ./plan -run '^$' -bench Build -benchmem
func BenchmarkBuild(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Write(dir, 10000); err != nil {
		b.Fatal(err)
	}
	res := lintDir(b, dir, nil)
	if len(res.Documents) < 10000 {
		b.Fatalf("%d documents", len(res.Documents))
	}
	refs := []string{"5.2", "6.1.3", "9.2", "A.6.2.4", "A.7.4", "7.5.2"}
	for i := range 10000 {
		a := res.Artifacts[i%len(res.Artifacts)]
		res.Findings = append(res.Findings, lint.Finding{
			RuleID:   fmt.Sprintf("AIMS%d", 1000+i%50),
			Severity: lint.Severity(1 + i%3),
			Range:    artifact.Range{File: a.Path, Start: artifact.Position{Line: 1 + i%40, Col: 1}},
			Message:  "synthetic finding",
			Controls: []string{refs[i%len(refs)], refs[(i+1)%len(refs)]},
		})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		p := Build(res, Options{})
		if len(p.Gaps) != 70 || len(p.Findings) != len(res.Findings) {
			b.Fatalf("%d gaps, %d findings", len(p.Gaps), len(p.Findings))
		}
	}
}
