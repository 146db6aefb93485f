// Command caravan is the only main of Caravan: it serves the web application,
// runs the demo, migrates databases and runs the meeting scheduler. main only
// calls run, so the whole program is testable and has no globals.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args, os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `usage: caravan <command> [flags]

commands:
  version    print the version
  schedule   schedule B2B meetings: caravan schedule -in FILE (.dzn or .json)
`

// run is the whole program: it dispatches to a subcommand and returns the
// process exit status (0 ok, 1 failure, 2 bad usage).
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) < 2 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[1], args[2:]
	_ = rest
	switch cmd {
	case "version":
		fmt.Fprintln(stdout, "caravan", version)
		return 0
	case "schedule":
		return runSchedule(ctx, rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "caravan: unknown command %q\n%s", cmd, usage)
		return 2
	}
}
