package rules

// structurePlants are the planted problems of the structure rules.
func structurePlants() []plant {
	return []plant{
		{
			// The title "Scope and context of …" is the document's title, not
			// its Scope section, so renaming the section leaves it missing.
			rule: "AIMS2001",
			file: "governance/aims-scope.md",
			old:  "\n## Scope\n",
			new:  "\n## Coverage\n",
		},
		{
			rule: "AIMS2002",
			file: "procedures/PROC-008-document-control.md",
			old:  "## Records\n\n- Git history and pull requests with approvals\n- Weekly `aims lint` reports\n- Register of external documents\n",
			new:  "## Records\n",
		},
	}
}
