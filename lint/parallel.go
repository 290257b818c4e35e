package lint

import (
	"context"
	"sync"
)

// forEach calls fn for every index below n on workers goroutines, taking
// the indexes in order, and returns when all have run or ctx is done (then
// with ctx's error). fn writes its result into a slot of its own.
func forEach(ctx context.Context, workers, n int, fn func(i int)) error {
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}
