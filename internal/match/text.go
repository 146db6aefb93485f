package match

import (
	"strings"
	"unicode"
)

// foldRune maps a lower-case letter with a diacritic to its base letters.
// Letters that do not decompose in Unicode (ł, ø, ß, æ, œ) are listed too.
var foldRune = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ą': "a", 'ă': "a",
	'ç': "c", 'ć': "c", 'č': "c", 'ď': "d", 'đ': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ę': "e", 'ė': "e", 'ě': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'į': "i", 'ı': "i",
	'ł': "l", 'ľ': "l", 'ĺ': "l", 'ñ': "n", 'ń': "n", 'ň': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'ő': "o",
	'ŕ': "r", 'ř': "r", 'ś': "s", 'š': "s", 'ş': "s", 'ș': "s", 'ť': "t", 'ţ': "t", 'ț': "t",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ů': "u", 'ű': "u", 'ų': "u",
	'ý': "y", 'ÿ': "y", 'ź': "z", 'ż': "z", 'ž': "z",
	'ß': "ss", 'æ': "ae", 'œ': "oe",
}

// Fold lower-cases s and removes accents ("Fabricación" → "fabricacion").
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = unicode.ToLower(r)
		if f, ok := foldRune[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// stopWords are function words of the languages participants write in,
// accent-folded. Business words ("solution", "partner") stay: BM25's inverse
// document frequency weighs them down.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, list := range []string{
		// English
		"a an and are as at be been by can do for from has have in into is it its of on or our ours so " +
			"than that the their them these they this those to us was we were which who will with within " +
			"you your also all any more most such per not but via over other new",
		// Spanish
		"el la los las lo de del y e en para con por un una unos unas que su sus al es son se como o u " +
			"nuestro nuestra nuestros nuestras este esta estos estas mas sin sobre entre",
		// French
		"le les de des du et en pour avec par un une au aux que qui est sont sur dans nous notre nos " +
			"ce cette ces leur leurs son sa ses ou plus",
		// German
		"der die das und fur mit von zu den dem des ein eine einen einer eines wir unser unsere unseren " +
			"ist sind im auf aus bei oder als auch wie zur zum",
		// Polish and Lithuanian
		"i w z na do dla oraz sie jest sa ze od nasz nasza ir su bei yra mes musu",
	} {
		for _, w := range strings.Fields(list) {
			m[w] = true
		}
	}
	return m
}()

// acronyms are upper-case words kept although their lower case is a stop
// word: "IT security" is not "it security".
var acronyms = map[string]bool{"IT": true}

// Tokens splits text into folded, stemmed words without stop words and
// without pure numbers ("Sensores de gas" → ["sensor", "gas"]). Letters and
// digits make a word, so "3D" gives "3d".
func Tokens(text string) []string {
	var out []string
	for _, w := range words(text) {
		if t := term(w); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// words splits text at every rune that is neither a letter nor a digit.
func words(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// term turns one word into an index term, or "" when the word carries no
// meaning (a stop word, a number, a single letter).
func term(word string) string {
	w := Fold(word)
	if len(w) < 2 || isNumber(w) || stopWords[w] && !acronyms[word] {
		return ""
	}
	return Stem(w)
}

func isNumber(w string) bool {
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Stem strips plural endings and a few suffixes from a folded word, for
// English, Spanish, French and German alike, so that forms of one word meet:
// "sensors", "sensores" and "Sensoren" all give "sensor"; "printing" and
// "printed" give "print"; "Fertigung" gives "fertig". It never leaves fewer
// than four letters, so short words stay whole. It is deliberately light: a
// wrong merge costs precision in every language at once.
func Stem(w string) string {
	const min = 4
	cut := func(suffix string) bool {
		if len(w)-len(suffix) >= min && strings.HasSuffix(w, suffix) {
			w = w[:len(w)-len(suffix)]
			return true
		}
		return false
	}
	// Plurals.
	switch {
	case cut("ies"):
		w += "y"
	case strings.HasSuffix(w, "aux") && cut("aux"):
		w += "al"
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
	case cut("es"):
	case cut("s"):
	case cut("en"):
	}
	// Suffixes.
	switch {
	case cut("ing"), cut("ung"), cut("ed"):
	}
	// A final e (English service/services, Spanish sensore- after the plural).
	cut("e")
	return w
}
