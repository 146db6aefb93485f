// Command caravan is the only main of Caravan: it serves the web application,
// runs the demo, migrates and backs up databases and runs the meeting
// scheduler. main only calls run, so the whole program is testable and has
// no globals.
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
  demo       serve the demo on an embedded SQLite database in ./caravan-demo/
  serve      serve Caravan (-db sqlite:PATH or postgres://…, -data DIR, -addr HOST:PORT)
  migrate    apply the database migrations (-db, -data)
  backup     write a consistent copy of a SQLite database (-out FILE)
  import     import people and organisations from CSV or XLSX into a mission (-mission ID -file FILE [-dry-run])
  export     write a mission's participants, programme or applications as CSV or XLSX (-mission ID -what … -out FILE)
  schedule   schedule B2B meetings: caravan schedule -in FILE (.dzn or .json)
  version    print the version

Run "caravan <command> -h" for a command's flags. Flags fall back to
CARAVAN_DB, CARAVAN_DATA, CARAVAN_ADDR and CARAVAN_LOG_LEVEL.
`

// run is the whole program: it dispatches to a subcommand and returns the
// process exit status (0 ok, 1 failure, 2 bad usage).
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) < 2 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[1], args[2:]
	switch cmd {
	case "serve":
		return runServe(ctx, rest, getenv, stdout, stderr)
	case "demo":
		return runDemo(ctx, rest, getenv, stdout, stderr)
	case "migrate":
		return runMigrate(ctx, rest, getenv, stdout, stderr)
	case "backup":
		return runBackup(ctx, rest, getenv, stdout, stderr)
	case "import":
		return runImport(ctx, rest, getenv, stdout, stderr)
	case "export":
		return runExport(ctx, rest, getenv, stdout, stderr)
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
