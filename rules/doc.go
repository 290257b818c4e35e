// Package rules holds the ISO/IEC 42001 catalogue and the rules aims checks.
package rules
