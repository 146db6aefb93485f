package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// peakRSSMiB returns this process's peak resident set size (VmHWM) in MiB,
// or 0 where /proc/self/status does not exist. The rusage of a child that
// Go started is no good for this: Go starts children with vfork, and Linux
// carries the parent's peak into the child's ru_maxrss across exec.
func peakRSSMiB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			if err != nil {
				return 0
			}
			return kb / 1024
		}
	}
	return 0
}
