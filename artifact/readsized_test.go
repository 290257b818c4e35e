package artifact

import (
	"errors"
	"strings"
	"testing"
	"testing/iotest"
)

// TestReadSized: a file is read whole whatever size it was said to have,
// and into a buffer of its size when that is right.
func TestReadSized(t *testing.T) {
	data := strings.Repeat("0123456789", 1000)
	for _, size := range []int64{0, -1, 1, 9999, 10000, 10001, 50000, 1 << 30} {
		got, err := readSized(iotest.HalfReader(strings.NewReader(data)), size)
		if err != nil || string(got) != data {
			t.Errorf("size %d: read %d bytes, %v", size, len(got), err)
		}
		if size == int64(len(data)) && cap(got) > len(data)+64 {
			t.Errorf("size %d: a buffer of %d bytes for %d", size, cap(got), len(got))
		}
	}
	_, err := readSized(iotest.ErrReader(errors.New("boom")), 10)
	if err == nil || err.Error() != "boom" {
		t.Errorf("a failing read gives %v", err)
	}
}
