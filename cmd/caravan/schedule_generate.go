package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"

	"caravan/internal/schedule"
)

// runScheduleGenerate is "caravan schedule generate": it writes a generated
// brokerage event in Caravan's JSON problem format.
func runScheduleGenerate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("caravan schedule generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("participants", 1000, "number of participants (at least 10)")
	seed := fs.Int64("seed", 1, "random seed; the same seed gives the same instance")
	days := fs.Int("days", 0, "days of meetings, 2 or 3 (0: the seed chooses)")
	fairness := fs.Int("fairness", 2, "fairness d written into the file (-1: none)")
	out := fs.String("out", "", "write to this `file` instead of stdout")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		return flagError(stderr, "generate", "unexpected argument %q", fs.Arg(0))
	}
	if *n < 10 || *n > 100_000 {
		return flagError(stderr, "generate", "-participants %d, want 10..100000", *n)
	}
	if *days != 0 && *days != 2 && *days != 3 {
		return flagError(stderr, "generate", "-days %d, want 2 or 3 (or 0)", *days)
	}
	if *fairness < -1 {
		return flagError(stderr, "generate", "-fairness %d, want -1 or more", *fairness)
	}
	p := schedule.Generate(schedule.GenerateConfig{Participants: *n, Seed: *seed, Days: *days, Fairness: *fairness})
	var buf bytes.Buffer
	if err := schedule.WriteJSON(&buf, p); err != nil {
		fmt.Fprintf(stderr, "caravan schedule generate: %v\n", err)
		return 1
	}
	if *out == "" {
		if _, err := stdout.Write(buf.Bytes()); err != nil {
			fmt.Fprintf(stderr, "caravan schedule generate: %v\n", err)
			return 1
		}
		return 0
	}
	if err := writeFileAtomic(*out, buf.Bytes()); err != nil {
		fmt.Fprintf(stderr, "caravan schedule generate: %v\n", err)
		return 1
	}
	return 0
}
