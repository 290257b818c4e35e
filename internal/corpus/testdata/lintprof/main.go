// Command lintprof runs one lint in process, with every built-in rule, and
// writes CPU and heap profiles, for finding where a run's time and memory go:
//
//	go run ./internal/corpus/testdata/lintprof -cpu cpu.out -mem mem.out /tmp/aims-10k
//	go tool pprof -top -cum cpu.out
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/rules"
)

func main() {
	cpu := flag.String("cpu", "", "write a CPU profile of the run to this file")
	mem := flag.String("mem", "", "write a heap profile after the run, of what its result holds, to this file")
	changed := flag.Bool("changed", false, "lint as --changed does")
	asOf := flag.String("as-of", "2026-09-30", "the date to judge at")
	flag.Parse()
	if err := run(flag.Arg(0), *cpu, *mem, *asOf, *changed); err != nil {
		fmt.Fprintln(os.Stderr, "lintprof:", err)
		os.Exit(1)
	}
}

func run(dir, cpu, mem, asOf string, changed bool) error {
	cfg, err := lint.LoadConfig(dir, "")
	if err != nil {
		return err
	}
	if cfg.AsOf, err = time.Parse(time.DateOnly, asOf); err != nil {
		return err
	}
	cfg.Changed = changed
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	start := time.Now()
	res, err := lint.Run(context.Background(), cfg, rules.All)
	if cpu != "" {
		pprof.StopCPUProfile()
	}
	if err != nil {
		return err
	}
	fmt.Printf("%d findings in %d artifacts, %s\n", len(res.Findings), len(res.Artifacts), time.Since(start).Round(time.Millisecond))
	if mem == "" {
		return nil
	}
	runtime.GC()
	f, err := os.Create(mem)
	if err != nil {
		return err
	}
	defer f.Close()
	err = pprof.WriteHeapProfile(f)
	runtime.KeepAlive(res) // the profile shows what the result holds
	return err
}
