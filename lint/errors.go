package lint

import (
	"fmt"

	"github.com/aimsdev/aims/artifact"
)

// A ConfigError is a problem with the configuration or the command line: the
// run cannot start. Drivers exit 2 on it.
type ConfigError struct {
	Path string // the configuration file, may be empty
	Pos  artifact.Position
	Msg  string
}

// Error formats the error as path:line:col: message.
func (e *ConfigError) Error() string {
	switch {
	case e.Path != "" && e.Pos.Line > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Pos.Line, e.Pos.Col, e.Msg)
	case e.Path != "":
		return e.Path + ": " + e.Msg
	}
	return e.Msg
}
