package grant

import (
	"math"
	"strings"
	"sync"
	"unicode"

	"github.com/tidwall/cities"

	"caravan/internal/country"
)

// EarthRadiusKM is the mean Earth radius (IUGG) the distance uses.
const EarthRadiusKM = 6371.0088

// Coords is a point in decimal degrees (WGS 84).
type Coords struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Valid reports whether the latitude is within ±90 and the longitude within
// ±180 (and neither is NaN).
func (c Coords) Valid() bool {
	return c.Lat >= -90 && c.Lat <= 90 && c.Lon >= -180 && c.Lon <= 180
}

// DistanceKM returns the great-circle (haversine) distance between a and b
// on a sphere of radius EarthRadiusKM, floored to whole kilometres, as the
// Erasmus+ distance bands count it.
func DistanceKM(a, b Coords) int {
	return int(math.Floor(haversine(a, b)))
}

func haversine(a, b Coords) float64 {
	rad := math.Pi / 180
	lat1, lat2 := a.Lat*rad, b.Lat*rad
	dLat := (b.Lat - a.Lat) * rad
	dLon := (b.Lon - a.Lon) * rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1)*math.Cos(lat2)*math.Sin(dLon/2)*math.Sin(dLon/2)
	h = math.Min(1, h)
	return 2 * EarthRadiusKM * math.Asin(math.Sqrt(h))
}

// City returns the coordinates of a city from github.com/tidwall/cities
// (public domain, about 10,600 cities). country is an ISO 3166-1 alpha-2
// code or an English country name; it may be empty, and then the name must
// be unique among all countries. Matching ignores case, accents,
// punctuation and spacing, and knows common alternative spellings (Donostia
// or San Sebastián, Vitoria or Gasteiz, Warszawa, München, Wien, Praha …).
// When several cities of a country share the name, the most populous wins.
// ok is false when the city is not in the data; callers then pass explicit
// coordinates.
func City(name, country string) (lat, lon float64, ok bool) {
	idx := cityIndex()
	key := normalize(name)
	if key == "" {
		return 0, 0, false
	}
	code := countryCode(country)
	if country != "" && code == "" {
		return 0, 0, false
	}
	candidates := []string{key}
	if a, ok := cityAliases[key]; ok {
		candidates = append(candidates, a)
	}
	if code != "" {
		if a, ok := cityAliases[code+"|"+key]; ok {
			candidates = append(candidates, a)
		}
	}
	for _, k := range candidates {
		if c, ok := idx.lookup(code, k); ok {
			return c.Lat, c.Lon, true
		}
	}
	for _, k := range candidates {
		if c, ok := idx.lookup(code, digraphFold(k)); ok {
			return c.Lat, c.Lon, true
		}
	}
	return 0, 0, false
}

type cityIdx struct {
	byCountry map[string]Coords   // code|name → first (most populous) city
	byName    map[string][]Coords // name → cities in every country
}

func (x *cityIdx) lookup(code, key string) (Coords, bool) {
	if code != "" {
		c, ok := x.byCountry[code+"|"+key]
		return c, ok
	}
	if list := x.byName[key]; len(list) == 1 {
		return list[0], true
	}
	return Coords{}, false
}

var cityIndex = sync.OnceValue(func() *cityIdx {
	x := &cityIdx{byCountry: map[string]Coords{}, byName: map[string][]Coords{}}
	codes := map[string]string{}
	for _, c := range cities.Cities {
		code, seen := codes[c.Country]
		if !seen {
			code = countryCode(c.Country)
			codes[c.Country] = code
		}
		if code == "" {
			continue
		}
		co := Coords{Lat: c.Latitude, Lon: c.Longitude}
		n := normalize(c.City)
		for _, key := range []string{n, digraphFold(n)} {
			k := code + "|" + key
			if _, dup := x.byCountry[k]; !dup {
				x.byCountry[k] = co
				if key == n {
					x.byName[n] = append(x.byName[n], co)
				}
			}
		}
	}
	return x
})

// countryCode returns the ISO code for a code or an English name (short,
// official, or the spelling github.com/tidwall/cities uses), or "".
func countryCode(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 2 {
		if c := strings.ToUpper(s); knownCountry(c) {
			return c
		}
	}
	return countryByName()[normalize(s)]
}

var countryByName = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	country.Each(func(code, name, official string) {
		m[normalize(name)] = code
		if official != "" {
			m[normalize(official)] = code
		}
	})
	// Spellings of github.com/tidwall/cities that differ from iso-codes.
	for n, code := range map[string]string{
		"Macedonia": "MK", "Russia": "RU", "Turkey": "TR", "Swaziland": "SZ",
		"Cape Verde": "CV", "Korea, North": "KP", "Korea, South": "KR",
		"Gambia, The": "GM", "Bahamas, The": "BS", "Nepa": "NP",
		"Micronesia": "FM", "Czech Republic": "CZ", "Burma": "MM", "Brunei": "BN",
		"Congo, Democratic Republic of the": "CD", "Congo, Republic of the": "CG",
		"Cote d'Ivoire": "CI", "East Timor": "TL", "Vatican City": "VA",
	} {
		m[normalize(n)] = code
	}
	return m
})

// cityAliases maps a normalised spelling to the normalised name the data
// uses; keys with a "CC|" prefix apply in that country only.
var cityAliases = map[string]string{
	"donostia":               "san sebastian",
	"donostia san sebastian": "san sebastian",
	"san sebastian donostia": "san sebastian",
	"vitoria":                "vitoria gasteiz",
	"gasteiz":                "vitoria gasteiz",
	"gasteiz vitoria":        "vitoria gasteiz",
	"bilbo":                  "bilbao",
	"iruna":                  "pamplona",
	"iruna pamplona":         "pamplona",
	"pamplona iruna":         "pamplona",
	"la coruna":              "a coruna",
	"alicante":               "alacant",
	"elche":                  "elx",
	"seville":                "sevilla",
	"saragossa":              "zaragoza",
	"warszawa":               "warsaw",
	"cracow":                 "krakow",
	"munich":                 "muenchen",
	"munchen":                "muenchen",
	"cologne":                "koeln",
	"koln":                   "koeln",
	"nuremberg":              "nuernberg",
	"nurnberg":               "nuernberg",
	"vienna":                 "wien",
	"prague":                 "praha",
	"milan":                  "milano",
	"turin":                  "torino",
	"naples":                 "napoli",
	"firenze":                "florence",
	"roma":                   "rome",
	"gothenburg":             "goteborg",
	"kyiv":                   "kiev",
	"lisboa":                 "lisbon",
	"bruxelles":              "brussels",
	"brussel":                "brussels",
	"antwerpen":              "antwerp",
	"gent":                   "ghent",
	"kobenhavn":              "copenhagen",
	"athina":                 "athens",
	"bucuresti":              "bucharest",
	"den haag":               "the hague",
	"s gravenhage":           "the hague",
	"FR|strassburg":          "strasbourg",
	"PL|breslau":             "wroclaw",
	"PL|danzig":              "gdansk",
	"LT|wilno":               "vilnius",
}

// normalize lower-cases s, folds accents to ASCII, turns punctuation into
// spaces and collapses spaces.
func normalize(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if f, ok := foldRune[r]; ok {
			b.WriteString(f)
			space = false
			continue
		}
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			space = false
		case r == '\'' || r == '’' || r == '`':
			// Drop apostrophes: "Cote d'Ivoire" → "cote divoire".
		default:
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}

// digraphFold maps the German transliterations ae, oe, ue to a, o, u, so
// that "Muenchen", "München" and "Munchen" meet.
func digraphFold(s string) string {
	return strings.NewReplacer("ae", "a", "oe", "o", "ue", "u").Replace(s)
}

var foldRune = func() map[rune]string {
	m := map[rune]string{}
	for ascii, runes := range map[string]string{
		"a": "áàâäãåāăą", "c": "çćčĉċ", "d": "ďđð", "e": "éèêëēĕėęě",
		"g": "ğĝġģ", "h": "ĥħ", "i": "íìîïĩīĭįı", "j": "ĵ", "k": "ķ",
		"l": "ĺļľŀł", "n": "ñńņňŉ", "o": "óòôöõøōŏő", "r": "ŕŗř",
		"s": "śŝşšș", "t": "ţťŧț", "u": "úùûüũūŭůűų", "w": "ŵ",
		"y": "ýÿŷ", "z": "źżž", "ae": "æ", "oe": "œ", "ss": "ß", "th": "þ",
	} {
		for _, r := range runes {
			m[r] = ascii
		}
	}
	return m
}()
