package artifact

// Strings holds one copy of the short strings that many documents share
// (field names, statuses, roles, dates, versions), so that a repository of
// many documents keeps each once rather than once per document. The table is
// bounded: once it holds maxShared strings it adds no more, and strings over
// maxSharedLen bytes are never shared. A Strings is for one goroutine at a
// time; its zero value is ready to use, and a nil *Strings shares nothing.
type Strings struct {
	// m maps a string to itself as a value, so that the interface value a
	// document holds is shared too.
	m map[string]any
}

const (
	maxShared    = 1 << 16 // strings a Strings holds at most
	maxSharedLen = 48      // the longest string it shares, in bytes
)

// value returns s as a document's value: the shared copy when there is one.
func (t *Strings) value(s string) any {
	if t == nil || len(s) > maxSharedLen {
		return s
	}
	if v, ok := t.m[s]; ok {
		return v
	}
	var v any = s
	if len(t.m) < maxShared {
		if t.m == nil {
			t.m = make(map[string]any)
		}
		t.m[s] = v
	}
	return v
}

// key returns s, a mapping key, as the shared copy when there is one.
func (t *Strings) key(s string) string {
	if t == nil {
		return s
	}
	v, _ := t.value(s).(string)
	return v
}
