package artifact

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// TestStringsSameData: documents parsed with a shared Strings hold the same
// data as when parsed alone, whatever the values (references, numbers,
// merge keys, long strings, dates), and share the short strings.
func TestStringsSameData(t *testing.T) {
	long := strings.Repeat("x", maxSharedLen+1)
	srcs := []string{
		"kind: policy\nid: POL-1\nstatus: approved\ncontrols: [A.6.2.4, 7.4]\nversion: \"1.0\"\nn: 3\nf: 1.5\nb: true\nz: ~\n",
		"kind: policy\nid: POL-2\nstatus: approved\ndue: 2026-01-31\nlong: " + long + "\nnested:\n  status: approved\n  list: [approved, 2]\n",
		"kind: policy\nid: POL-3\nbase: &b {status: draft, owner: x}\nother:\n  <<: *b\n  owner: y\nclause: 9.2\n",
		"---\nkind: procedure\nid: PRO-1\nstatus: approved\n---\n# Body\n",
	}
	var strs Strings
	for i, src := range srcs {
		name := fmt.Sprintf("d%d.yaml", i)
		if strings.HasPrefix(src, "---") {
			name = fmt.Sprintf("d%d.md", i)
		}
		alone, _ := parseDocument(name, []byte(src), nil, "", nil)
		shared, _ := parseDocument(name, []byte(src), nil, "", &strs)
		if alone == nil || shared == nil || alone.Data == nil {
			t.Fatalf("%s: not parsed", name)
		}
		if !reflect.DeepEqual(alone.Data, shared.Data) {
			t.Errorf("%s: data with shared strings\n%#v\nwant\n%#v", name, shared.Data, alone.Data)
		}
		if alone.Kind != shared.Kind || alone.ID != shared.ID || alone.Status() != shared.Status() {
			t.Errorf("%s: kind, id or status differ", name)
		}
		if got, want := shared.Locate("status"), alone.Locate("status"); got != want {
			t.Errorf("%s: Locate(status) = %v, want %v", name, got, want)
		}
	}
	a, _ := parseDocument("a.yaml", []byte("kind: policy\nstatus: approved\n"), nil, "", &strs)
	b, _ := parseDocument("b.yaml", []byte("kind: policy\nstatus: approved\n"), nil, "", &strs)
	if unsafe.StringData(a.Data["status"].(string)) != unsafe.StringData(b.Data["status"].(string)) {
		t.Error("two documents do not share the string of the same status")
	}
}

// TestStringsBounded: the table stops growing at maxShared strings and
// still returns every string unchanged.
func TestStringsBounded(t *testing.T) {
	var strs Strings
	for i := range maxShared + 100 {
		s := fmt.Sprintf("v%d", i)
		if got := strs.value(s); got != s {
			t.Fatalf("value(%q) = %v", s, got)
		}
		if got := strs.key(s); got != s {
			t.Fatalf("key(%q) = %q", s, got)
		}
	}
	if len(strs.m) != maxShared {
		t.Errorf("the table holds %d strings, want %d", len(strs.m), maxShared)
	}
	var none *Strings
	if none.value("x") != "x" || none.key("x") != "x" {
		t.Error("a nil *Strings changes strings")
	}
}
