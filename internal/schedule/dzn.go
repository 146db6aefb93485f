package schedule

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ParseDZN reads one instance of the B2B benchmark (Bofill et al., JAIR 2022)
// in its MiniZinc data format: the fields nBusiness, nMeetings, nTables,
// nTotalSlots, nMorningSlots, requested, meetingsxBusiness,
// nMeetingsBusiness, forbidden, fixed and precedences, with % comments and
// free whitespace. An optional diference field sets Problem.Fairness;
// without it Fairness is -1 and the caller chooses (the CLI uses 2).
//
// All slots form one session (Slot.Session 0): the benchmark counts breaks
// over consecutive slot numbers. A meeting's requested session becomes
// Meeting.Allowed (1 = the morning slots 1..nMorningSlots, 2 = the others,
// 3 = any). Participants, meetings, slots and tables are named "1", "2", …
// in file order; no table is pinned and every weight is 1.
//
// name is used in error messages only. Every error names the file, the line
// and what is wrong, as in "forum-13.dzn:42: requested row 7: participant 71
// out of range 1..70".
func ParseDZN(name string, r io.Reader) (*Problem, error) {
	lx := &dznLexer{name: name, r: bufio.NewReader(r), line: 1}
	fields, err := lx.parseFields()
	if err != nil {
		return nil, err
	}
	b := &dznBuilder{name: name, fields: fields, eofLine: lx.line}
	return b.build()
}

// dznItem is one element of a data value: an integer or a set of integers.
type dznItem struct {
	line  int
	isSet bool
	n     int
	set   []int
}

// dznValue is the right-hand side of one assignment.
type dznValue struct {
	line  int
	kind  int // dznScalar, dznArray or dznArray2D
	item  dznItem
	items []dznItem   // dznArray
	rows  [][]dznItem // dznArray2D
}

const (
	dznScalar = iota
	dznArray
	dznArray2D
)

type dznToken struct {
	line int
	text string // an identifier, an integer, or one of = ; [ ] { } , | ..
}

type dznLexer struct {
	name   string
	r      *bufio.Reader
	line   int
	peeked *dznToken
	err    error
}

func (lx *dznLexer) errorf(line int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", lx.name, line, fmt.Sprintf(format, args...))
}

// next returns the next token; text "" means end of input.
func (lx *dznLexer) next() (dznToken, error) {
	if lx.peeked != nil {
		t := *lx.peeked
		lx.peeked = nil
		return t, nil
	}
	for {
		c, err := lx.r.ReadByte()
		if err == io.EOF {
			return dznToken{line: lx.line}, nil
		}
		if err != nil {
			return dznToken{}, lx.errorf(lx.line, "read: %v", err)
		}
		switch {
		case c == '\n':
			lx.line++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
		case c == '%':
			for {
				c, err := lx.r.ReadByte()
				if err != nil || c == '\n' {
					if err == nil {
						lx.line++
					}
					break
				}
			}
		case c == '/':
			start := lx.line
			if c2, err := lx.r.ReadByte(); err != nil || c2 != '*' {
				return dznToken{}, lx.errorf(start, "unexpected %q", "/")
			}
			var prev byte
			for {
				c, err := lx.r.ReadByte()
				if err != nil {
					return dznToken{}, lx.errorf(start, "comment /* not closed")
				}
				if c == '\n' {
					lx.line++
				}
				if prev == '*' && c == '/' {
					break
				}
				prev = c
			}
		case strings.IndexByte("=;[]{},|", c) >= 0:
			return dznToken{line: lx.line, text: string(c)}, nil
		case c == '.':
			if c2, err := lx.r.ReadByte(); err != nil || c2 != '.' {
				return dznToken{}, lx.errorf(lx.line, "unexpected %q", ".")
			}
			return dznToken{line: lx.line, text: ".."}, nil
		case c == '-' || dznIsDigit(c) || dznIsIdent(c):
			var sb strings.Builder
			sb.WriteByte(c)
			for {
				c, err := lx.r.ReadByte()
				if err != nil {
					break
				}
				if dznIsDigit(c) || dznIsIdent(c) {
					if sb.Len() > 64 {
						return dznToken{}, lx.errorf(lx.line, "token %q… too long", sb.String()[:20])
					}
					sb.WriteByte(c)
					continue
				}
				_ = lx.r.UnreadByte()
				break
			}
			return dznToken{line: lx.line, text: sb.String()}, nil
		default:
			return dznToken{}, lx.errorf(lx.line, "unexpected character %q", c)
		}
	}
}

func (lx *dznLexer) peek() (dznToken, error) {
	if lx.peeked == nil {
		t, err := lx.next()
		if err != nil {
			return t, err
		}
		lx.peeked = &t
	}
	return *lx.peeked, nil
}

func (lx *dznLexer) expect(text, context string) (dznToken, error) {
	t, err := lx.next()
	if err != nil {
		return t, err
	}
	if t.text != text {
		return t, lx.errorf(t.line, "%s: expected %q, found %s", context, text, dznDescribe(t))
	}
	return t, nil
}

func dznDescribe(t dznToken) string {
	if t.text == "" {
		return "end of file"
	}
	return strconv.Quote(t.text)
}

func dznIsDigit(c byte) bool { return '0' <= c && c <= '9' }

func dznIsIdent(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// parseFields reads "name = value;" assignments up to the end of input.
func (lx *dznLexer) parseFields() (map[string]*dznValue, error) {
	fields := map[string]*dznValue{}
	for {
		t, err := lx.next()
		if err != nil {
			return nil, err
		}
		if t.text == "" {
			return fields, nil
		}
		if !dznIsIdent(t.text[0]) {
			return nil, lx.errorf(t.line, "expected a field name, found %s", dznDescribe(t))
		}
		name := t.text
		if prev, ok := fields[name]; ok {
			return nil, lx.errorf(t.line, "field %s given twice (first at line %d)", name, prev.line)
		}
		if _, err := lx.expect("=", name); err != nil {
			return nil, err
		}
		v, err := lx.parseValue(name)
		if err != nil {
			return nil, err
		}
		v.line = t.line
		fields[name] = v
		t, err = lx.next()
		if err != nil {
			return nil, err
		}
		// The last assignment of a data file may omit its semicolon.
		if t.text != ";" && t.text != "" {
			return nil, lx.errorf(t.line, "%s: expected \";\", found %s", name, dznDescribe(t))
		}
		if t.text == "" {
			return fields, nil
		}
	}
}

func (lx *dznLexer) parseValue(name string) (*dznValue, error) {
	t, err := lx.peek()
	if err != nil {
		return nil, err
	}
	if t.text != "[" {
		it, err := lx.parseItem(name)
		if err != nil {
			return nil, err
		}
		return &dznValue{kind: dznScalar, item: it}, nil
	}
	lx.peeked = nil
	t, err = lx.peek()
	if err != nil {
		return nil, err
	}
	if t.text == "|" {
		lx.peeked = nil
		return lx.parseRows(name)
	}
	v := &dznValue{kind: dznArray}
	for {
		t, err := lx.peek()
		if err != nil {
			return nil, err
		}
		if t.text == "]" {
			lx.peeked = nil
			return v, nil
		}
		it, err := lx.parseItem(name)
		if err != nil {
			return nil, err
		}
		v.items = append(v.items, it)
		t, err = lx.next()
		if err != nil {
			return nil, err
		}
		switch t.text {
		case ",":
		case "]":
			return v, nil
		default:
			return nil, lx.errorf(t.line, "%s: expected \",\" or \"]\", found %s", name, dznDescribe(t))
		}
	}
}

// parseRows reads a 2-D array after its opening "[|": rows separated by
// "|", ending with "|]".
func (lx *dznLexer) parseRows(name string) (*dznValue, error) {
	v := &dznValue{kind: dznArray2D}
	var row []dznItem
	for {
		t, err := lx.peek()
		if err != nil {
			return nil, err
		}
		switch t.text {
		case "|":
			lx.peeked = nil
			v.rows = append(v.rows, row)
			row = nil
			t, err = lx.peek()
			if err != nil {
				return nil, err
			}
			if t.text == "]" {
				lx.peeked = nil
				return v, nil
			}
			continue
		case "]":
			lx.peeked = nil
			if row != nil {
				v.rows = append(v.rows, row)
			}
			return v, nil
		}
		it, err := lx.parseItem(name)
		if err != nil {
			return nil, err
		}
		row = append(row, it)
		t, err = lx.peek()
		if err != nil {
			return nil, err
		}
		if t.text == "," {
			lx.peeked = nil
		} else if t.text != "|" && t.text != "]" {
			return nil, lx.errorf(t.line, "%s: expected \",\" or \"|\", found %s", name, dznDescribe(t))
		}
	}
}

// parseItem reads an integer or a set: {a, b, …}, {} or a..b.
func (lx *dznLexer) parseItem(name string) (dznItem, error) {
	t, err := lx.next()
	if err != nil {
		return dznItem{}, err
	}
	if t.text == "{" {
		it := dznItem{line: t.line, isSet: true, set: []int{}}
		for {
			t, err := lx.next()
			if err != nil {
				return it, err
			}
			if t.text == "}" {
				return it, nil
			}
			n, err := lx.atoi(t, name)
			if err != nil {
				return it, err
			}
			it.set = append(it.set, n)
			t, err = lx.next()
			if err != nil {
				return it, err
			}
			switch t.text {
			case ",":
			case "}":
				return it, nil
			default:
				return it, lx.errorf(t.line, "%s: expected \",\" or \"}\" in a set, found %s", name, dznDescribe(t))
			}
		}
	}
	n, err := lx.atoi(t, name)
	if err != nil {
		return dznItem{}, err
	}
	if p, err := lx.peek(); err != nil {
		return dznItem{}, err
	} else if p.text == ".." {
		lx.peeked = nil
		t2, err := lx.next()
		if err != nil {
			return dznItem{}, err
		}
		hi, err := lx.atoi(t2, name)
		if err != nil {
			return dznItem{}, err
		}
		if hi-n > 1<<20 {
			return dznItem{}, lx.errorf(t.line, "%s: range %d..%d too large", name, n, hi)
		}
		it := dznItem{line: t.line, isSet: true, set: []int{}}
		for k := n; k <= hi; k++ {
			it.set = append(it.set, k)
		}
		return it, nil
	}
	return dznItem{line: t.line, n: n}, nil
}

func (lx *dznLexer) atoi(t dznToken, name string) (int, error) {
	n, err := strconv.Atoi(t.text)
	if err != nil || n < -1<<40 || n > 1<<40 {
		return 0, lx.errorf(t.line, "%s: expected an integer, found %s", name, dznDescribe(t))
	}
	return n, nil
}

// dznBuilder turns parsed fields into a Problem, checking every value.
type dznBuilder struct {
	name    string
	fields  map[string]*dznValue
	eofLine int
}

func (b *dznBuilder) errorf(line int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", b.name, line, fmt.Sprintf(format, args...))
}

func (b *dznBuilder) field(name string) (*dznValue, error) {
	v, ok := b.fields[name]
	if !ok {
		return nil, b.errorf(b.eofLine, "field %s missing", name)
	}
	return v, nil
}

func (b *dznBuilder) scalar(name string, min, max int) (int, error) {
	v, err := b.field(name)
	if err != nil {
		return 0, err
	}
	if v.kind != dznScalar || v.item.isSet {
		return 0, b.errorf(v.line, "%s: expected an integer", name)
	}
	if v.item.n < min || v.item.n > max {
		return 0, b.errorf(v.line, "%s = %d out of range %d..%d", name, v.item.n, min, max)
	}
	return v.item.n, nil
}

// array returns a 1-D array of exactly n items, all sets or all integers.
func (b *dznBuilder) array(name string, n int, sets bool) ([]dznItem, error) {
	v, err := b.field(name)
	if err != nil {
		return nil, err
	}
	if v.kind != dznArray {
		return nil, b.errorf(v.line, "%s: expected a one-dimensional array", name)
	}
	if len(v.items) != n {
		return nil, b.errorf(v.line, "%s: %d entries, want %d", name, len(v.items), n)
	}
	for i, it := range v.items {
		if it.isSet != sets {
			want := "an integer"
			if sets {
				want = "a set"
			}
			return nil, b.errorf(it.line, "%s entry %d: expected %s", name, i+1, want)
		}
	}
	return v.items, nil
}

// maxDZNSize bounds the counts read from a file so that a corrupt header
// cannot make the parser allocate without limit.
const (
	maxDZNSize   = 1 << 20
	maxDZNTables = 100_000
	maxDZNSlots  = 10_000
)

func (b *dznBuilder) build() (*Problem, error) {
	for name, v := range b.fields {
		switch name {
		case "nBusiness", "nMeetings", "nTables", "nTotalSlots", "nMorningSlots",
			"requested", "meetingsxBusiness", "nMeetingsBusiness", "forbidden",
			"fixed", "precedences", "diference":
		default:
			return nil, b.errorf(v.line, "unknown field %s", name)
		}
	}
	nP, err := b.scalar("nBusiness", 1, maxDZNSize)
	if err != nil {
		return nil, err
	}
	nM, err := b.scalar("nMeetings", 0, maxDZNSize)
	if err != nil {
		return nil, err
	}
	nL, err := b.scalar("nTables", 1, maxDZNTables)
	if err != nil {
		return nil, err
	}
	nT, err := b.scalar("nTotalSlots", 1, maxDZNSlots)
	if err != nil {
		return nil, err
	}
	nAM, err := b.scalar("nMorningSlots", 0, nT)
	if err != nil {
		return nil, err
	}
	fairness := -1
	if _, ok := b.fields["diference"]; ok {
		if fairness, err = b.scalar("diference", 0, maxDZNSize); err != nil {
			return nil, err
		}
	}

	// Check every array's length before allocating anything sized by the
	// header.
	mxb, err := b.array("meetingsxBusiness", nP, true)
	if err != nil {
		return nil, err
	}
	forb, err := b.array("forbidden", nP, true)
	if err != nil {
		return nil, err
	}
	fixed, err := b.array("fixed", nM, false)
	if err != nil {
		return nil, err
	}
	prec, err := b.array("precedences", nM, true)
	if err != nil {
		return nil, err
	}
	req, err := b.field("requested")
	if err != nil {
		return nil, err
	}
	if req.kind != dznArray2D {
		return nil, b.errorf(req.line, "requested: expected a two-dimensional array [| … |]")
	}
	if len(req.rows) != nM {
		return nil, b.errorf(req.line, "requested: %d rows, want nMeetings = %d", len(req.rows), nM)
	}

	p := &Problem{
		Name:         b.name,
		Participants: make([]Participant, nP),
		Meetings:     make([]Meeting, nM),
		Slots:        make([]Slot, nT),
		Tables:       make([]Table, nL),
		Fairness:     fairness,
	}
	for i := range p.Participants {
		p.Participants[i].Name = strconv.Itoa(i + 1)
	}
	for s := range p.Slots {
		p.Slots[s] = Slot{Session: 0, Label: strconv.Itoa(s + 1)}
	}
	for l := range p.Tables {
		p.Tables[l] = Table{Name: strconv.Itoa(l + 1), Pinned: -1}
	}
	morning := make([]int, nAM)
	for s := range morning {
		morning[s] = s
	}
	afternoon := make([]int, 0, nT-nAM)
	for s := nAM; s < nT; s++ {
		afternoon = append(afternoon, s)
	}

	// requested: one row |p1, p2, session| per meeting.
	count := make([]int, nP)
	for m, row := range req.rows {
		line := req.line
		if len(row) > 0 {
			line = row[0].line
		}
		if len(row) != 3 {
			return nil, b.errorf(line, "requested row %d: %d columns, want 3 (participant, participant, session)", m+1, len(row))
		}
		for _, it := range row {
			if it.isSet {
				return nil, b.errorf(it.line, "requested row %d: expected integers, found a set", m+1)
			}
		}
		a, c, sess := row[0].n, row[1].n, row[2].n
		for _, it := range row[:2] {
			if it.n < 1 || it.n > nP {
				return nil, b.errorf(it.line, "requested row %d: participant %d out of range 1..%d", m+1, it.n, nP)
			}
		}
		if a == c {
			return nil, b.errorf(row[1].line, "requested row %d: participant %d meets itself", m+1, a)
		}
		mt := &p.Meetings[m]
		mt.Name = strconv.Itoa(m + 1)
		mt.Participants = []int{a - 1, c - 1}
		mt.Weight = 1
		mt.FixedSlot, mt.FixedTable = -1, -1
		switch sess {
		case 1:
			if nAM < nT {
				mt.Allowed = morning
			}
		case 2:
			mt.Allowed = afternoon
		case 3:
		default:
			return nil, b.errorf(row[2].line, "requested row %d: session %d, want 1 (morning), 2 (afternoon) or 3 (any)", m+1, sess)
		}
		count[a-1]++
		count[c-1]++
	}

	// meetingsxBusiness: per participant {1} ∪ {m+1 : m is one of its meetings}.
	for i, it := range mxb {
		seen := map[int]bool{}
		for _, k := range it.set {
			if k == 1 {
				continue
			}
			m := k - 1
			if m < 1 || m > nM {
				return nil, b.errorf(it.line, "meetingsxBusiness entry %d: %d out of range 1..%d (meeting numbers shifted by one)", i+1, k, nM+1)
			}
			if seen[m] {
				continue
			}
			seen[m] = true
			if !inList(p.Meetings[m-1].Participants, i) {
				return nil, b.errorf(it.line, "meetingsxBusiness entry %d: lists meeting %d, but requested row %d is between %d and %d", i+1, m, m, p.Meetings[m-1].Participants[0]+1, p.Meetings[m-1].Participants[1]+1)
			}
		}
		if len(seen) != count[i] {
			return nil, b.errorf(it.line, "meetingsxBusiness entry %d: %d meetings, but requested has %d for participant %d", i+1, len(seen), count[i], i+1)
		}
	}
	nmb, err := b.array("nMeetingsBusiness", nP, false)
	if err != nil {
		return nil, err
	}
	for i, it := range nmb {
		if it.n != count[i] {
			return nil, b.errorf(it.line, "nMeetingsBusiness entry %d: %d, but requested has %d meetings for participant %d", i+1, it.n, count[i], i+1)
		}
	}

	for i, it := range forb {
		seen := map[int]bool{}
		for _, s := range it.set {
			if s == 0 {
				continue // {0} is the benchmark's empty set
			}
			if s < 1 || s > nT {
				return nil, b.errorf(it.line, "forbidden entry %d: slot %d out of range 1..%d", i+1, s, nT)
			}
			if !seen[s] {
				seen[s] = true
				p.Participants[i].Forbidden = append(p.Participants[i].Forbidden, s-1)
			}
		}
	}

	for m, it := range fixed {
		if it.n < 0 || it.n > nT {
			return nil, b.errorf(it.line, "fixed entry %d: slot %d out of range 0..%d (0 = free)", m+1, it.n, nT)
		}
		p.Meetings[m].FixedSlot = it.n - 1
	}

	for m, it := range prec {
		seen := map[int]bool{}
		for _, k := range it.set {
			if k < 1 || k > nM {
				return nil, b.errorf(it.line, "precedences entry %d: meeting %d out of range 1..%d", m+1, k, nM)
			}
			if k == m+1 {
				return nil, b.errorf(it.line, "precedences entry %d: meeting %d must come before itself", m+1, k)
			}
			if !seen[k] {
				seen[k] = true
				p.Meetings[m].After = append(p.Meetings[m].After, k-1)
			}
		}
	}
	return p, nil
}

func inList(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
