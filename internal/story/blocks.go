package story

import "strings"

// Block kinds of a story's body.
const (
	BlockParagraph = "p"
	BlockHeading   = "h"
	BlockList      = "ul"
)

// Block is one part of a story's body: a paragraph, a heading or a list.
// Its text is plain text, to be escaped by whoever shows it.
type Block struct {
	Kind  string
	Text  string   // paragraph and heading
	Items []string // list
}

// Blocks reads a story's body: blank lines separate blocks; a line starting
// "## " is a heading, a run of lines starting "- " a list, and other lines
// join into a paragraph. Nothing else is markup: "<b>" stays text.
func Blocks(body string) []Block {
	var out []Block
	var para []string
	endPara := func() {
		if len(para) > 0 {
			out = append(out, Block{Kind: BlockParagraph, Text: strings.Join(para, " ")})
			para = nil
		}
	}
	inList := false
	for _, line := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			endPara()
			inList = false
		case strings.HasPrefix(line, "## "):
			endPara()
			inList = false
			out = append(out, Block{Kind: BlockHeading, Text: strings.TrimSpace(line[3:])})
		case strings.HasPrefix(line, "- "):
			endPara()
			if !inList {
				out = append(out, Block{Kind: BlockList})
				inList = true
			}
			last := &out[len(out)-1]
			last.Items = append(last.Items, strings.TrimSpace(line[2:]))
		default:
			if inList {
				inList = false
			}
			para = append(para, line)
		}
	}
	endPara()
	return out
}
