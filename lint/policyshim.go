package lint

import "github.com/aimsdev/aims/artifact"

// PolicyAt returns where the i-th glob of Policies is written in .aims.yaml.
func (c *Config) PolicyAt(i int) artifact.Range { return artifact.Range{} }
