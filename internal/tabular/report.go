package tabular

import (
	"fmt"
	"io"

	"caravan/internal/mission"
)

// Report is the row-by-row account of an import or its preview: each data
// row of the file with its outcome (new, updated, unchanged or error) and
// its issues, problems with the header, the columns left unused, and the
// counts.
type Report struct {
	HeaderLine int
	FileIssues []Issue
	Ignored    []string
	Rows       []RowReport
	New        int
	Updated    int
	Unchanged  int
	Errors     int
}

// RowReport is one row of a report. Label names the row's person and
// organisation, for the organiser's eyes only.
type RowReport struct {
	Line    int
	Outcome string
	Label   string
	Issues  []Issue
}

func (rep *Report) add(r RowReport) {
	rep.Rows = append(rep.Rows, r)
	if r.Outcome == mission.ImportError {
		rep.Errors++
	}
}

// Apply sets the outcome of each good row from what the store did (or
// would do) with it, and counts the outcomes.
func (rep *Report) Apply(results []mission.ImportResult) {
	byLine := make(map[int]string, len(results))
	for _, r := range results {
		byLine[r.Line] = r.Outcome
	}
	rep.New, rep.Updated, rep.Unchanged, rep.Errors = 0, 0, 0, 0
	for i := range rep.Rows {
		r := &rep.Rows[i]
		if o, ok := byLine[r.Line]; ok && r.Outcome != mission.ImportError {
			r.Outcome = o
		}
		switch r.Outcome {
		case mission.ImportNew:
			rep.New++
		case mission.ImportUpdated:
			rep.Updated++
		case mission.ImportUnchanged:
			rep.Unchanged++
		case mission.ImportError:
			rep.Errors++
		}
	}
}

// Failed reports whether the file has errors: in its header or in any row.
func (rep *Report) Failed() bool {
	return len(rep.FileIssues) > 0 || rep.Errors > 0
}

// WriteText writes the report in English for the command line: one line
// per problem with the header, one per row with its outcome and issues, and
// the counts. It names rows by line, never by their personal data.
func (rep *Report) WriteText(w io.Writer) error {
	pr := &printer{w: w}
	for _, iss := range rep.FileIssues {
		pr.printf("line %d: error: %s\n", iss.Line, iss.Message)
	}
	for _, c := range rep.Ignored {
		pr.printf("line %d: column %q is not used\n", rep.HeaderLine, c)
	}
	for _, r := range rep.Rows {
		if len(r.Issues) == 0 {
			pr.printf("line %d: %s\n", r.Line, r.Outcome)
			continue
		}
		for _, iss := range r.Issues {
			pr.printf("line %d: error: %s: %s\n", r.Line, iss.Column, iss.Message)
		}
	}
	pr.printf("%d new, %d updated, %d unchanged, %d with errors\n", rep.New, rep.Updated, rep.Unchanged, rep.Errors)
	return pr.err
}

// printer writes formatted text and keeps the first error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}
