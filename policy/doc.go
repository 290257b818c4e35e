// Package policy holds an organisation's custom rules: the rule files that
// .aims.yaml's policies: names (ParseFile), each rule's CEL condition,
// message and when-condition compiled and type-checked against the JSON
// schema of every kind it judges (a misspelt field is an error at the rule
// file's line and column, with "did you mean"), the functions expressions
// may call (artifact, members, roles, risks, last_change, field, …), and
// the cost limits that stop a rule that would run away (CostLimit).
//
// Load turns the rule files into lint.Rule values the engine runs like the
// built-in ones: their Scope follows the functions they call, their Doc is
// made from the description and the condition, and a rule with evidences
// tells the coverage which documents it held on (lint.Pass.Held). Package
// policy imports lint; lint never imports it.
package policy
