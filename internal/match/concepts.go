package match

import (
	"slices"
	"strings"
)

// A concept is one thing participants offer or seek, with the surface forms
// the recommender recognises for it. Label is the English name used in
// reasons ("They offer additive manufacturing, which you seek").
type concept struct {
	ID    string
	Label string
	Forms []string
}

// concepts is the recommender's synonym map: for each concept, the words and
// phrases in English, Spanish, French, German (and a few in Polish and
// Lithuanian) that name it. Forms are written naturally, with accents and
// plurals; they go through the same normalisation as all text (Fold, Tokens,
// Stem), so "impresión 3D" also matches "IMPRESION 3d". A form of several
// words matches those words in sequence, stop words ignored.
//
// When a form appears in a text, the concept's term is added to that text, on
// the query side and the document side alike: a request for "fabricación
// aditiva" then meets an offer of "3D printing" through the shared concept
// term, while the words themselves still count too.
//
// The list is small on purpose and is not the evaluation's vocabulary: the
// generator in evalgen writes text from its own, separately written table,
// and BENCHMARKS.md (recommendations) reports how much of that table this map covers.
// Extend it when real profiles show a miss; keep each form specific enough
// that it never names another concept.
var concepts = []concept{
	{"additive-manufacturing", "additive manufacturing", []string{
		"additive manufacturing", "3D printing", "3D printer", "3D printed", "impresión 3D", "impression 3D",
		"fabricación aditiva", "fabrication additive", "additive Fertigung", "3D-Druck", "rapid prototyping"}},
	{"cnc-machining", "CNC machining", []string{
		"CNC machining", "CNC", "milling", "turning centre", "mecanizado", "usinage", "Zerspanung", "fresado"}},
	{"industrial-robotics", "industrial robotics", []string{
		"industrial robot", "industrial robotics", "robotic cell", "robot arm", "robótica industrial",
		"robotique industrielle", "Industrieroboter", "Robotik"}},
	{"collaborative-robots", "collaborative robots", []string{
		"collaborative robot", "cobot", "robot colaborativo", "robot collaboratif", "kollaborativer Roboter"}},
	{"machine-vision", "machine vision", []string{
		"machine vision", "computer vision", "visión artificial", "vision industrielle", "Bildverarbeitung",
		"image processing", "visual inspection"}},
	{"predictive-maintenance", "predictive maintenance", []string{
		"predictive maintenance", "condition monitoring", "mantenimiento predictivo", "maintenance prédictive",
		"vorausschauende Wartung", "predictive analytics for maintenance"}},
	{"digital-twin", "digital twins", []string{
		"digital twin", "gemelo digital", "jumeau numérique", "digitaler Zwilling", "virtual commissioning"}},
	{"industrial-iot", "industrial IoT", []string{
		"IoT", "IIoT", "internet of things", "industrial internet", "internet de las cosas", "internet des objets",
		"Internet der Dinge", "connected devices"}},
	{"cybersecurity", "cybersecurity", []string{
		"cybersecurity", "cyber security", "IT security", "information security", "ciberseguridad",
		"cybersécurité", "sécurité informatique", "IT-Sicherheit", "Cybersicherheit", "cyberbezpieczeństwo",
		"kibernetinis saugumas", "SOC", "security operations"}},
	{"penetration-testing", "penetration testing", []string{
		"penetration testing", "pentest", "pentesting", "ethical hacking", "security audit", "prueba de penetración",
		"test d'intrusion", "Penetrationstest"}},
	{"cloud-computing", "cloud computing", []string{
		"cloud computing", "cloud", "SaaS", "computación en la nube", "la nube", "informatique en nuage",
		"Cloud-Dienste"}},
	{"machine-learning", "artificial intelligence", []string{
		"machine learning", "artificial intelligence", "AI", "deep learning", "neural network", "inteligencia artificial",
		"IA", "aprendizaje automático", "intelligence artificielle", "apprentissage automatique", "künstliche Intelligenz",
		"KI", "maschinelles Lernen", "sztuczna inteligencja", "dirbtinis intelektas"}},
	{"data-analytics", "data analytics", []string{
		"data analytics", "big data", "business intelligence", "data science", "análisis de datos",
		"analyse de données", "Datenanalyse"}},
	{"semiconductors", "semiconductors", []string{
		"semiconductor", "chip design", "microchip", "integrated circuit", "ASIC", "FPGA", "semiconductores",
		"semi-conducteur", "Halbleiter", "Mikroelektronik", "microelectronics", "microelectrónica"}},
	{"electronics-assembly", "electronics assembly", []string{
		"electronics assembly", "PCB", "printed circuit board", "SMT", "surface mount", "EMS",
		"electronics manufacturing services", "montaje electrónico", "assemblage électronique", "Leiterplatte",
		"Elektronikfertigung"}},
	{"sensors", "sensors", []string{
		"sensor", "sensing", "sensores", "capteur", "Sensorik", "Messtechnik", "czujnik", "jutiklis"}},
	{"solar-energy", "solar energy", []string{
		"solar", "photovoltaic", "PV", "fotovoltaica", "photovoltaïque", "Photovoltaik", "energía solar",
		"énergie solaire", "Solarenergie", "fotowoltaika"}},
	{"hydrogen", "hydrogen", []string{
		"hydrogen", "fuel cell", "electrolyser", "electrolyzer", "hidrógeno", "hydrogène", "Wasserstoff",
		"Brennstoffzelle", "wodór", "vandenilis"}},
	{"energy-storage", "energy storage", []string{
		"energy storage", "battery", "batteries", "almacenamiento de energía", "stockage d'énergie",
		"Energiespeicher", "Batterie", "batería"}},
	{"energy-efficiency", "energy efficiency", []string{
		"energy efficiency", "energy saving", "eficiencia energética", "efficacité énergétique", "Energieeffizienz",
		"energy audit"}},
	{"electric-vehicles", "electric vehicles", []string{
		"electric vehicle", "EV", "e-mobility", "electromobility", "charging station", "vehículo eléctrico",
		"véhicule électrique", "Elektrofahrzeug", "Elektromobilität", "electromovilidad"}},
	{"autonomous-driving", "autonomous driving", []string{
		"autonomous driving", "self-driving", "autonomous vehicle", "ADAS", "driver assistance",
		"conducción autónoma", "conduite autonome", "autonomes Fahren"}},
	{"logistics", "logistics", []string{
		"logistics", "supply chain", "warehouse", "logística", "logistique", "Logistik", "intralogistics"}},
	{"composites", "composite materials", []string{
		"composite", "carbon fibre", "carbon fiber", "CFRP", "materiales compuestos", "matériaux composites",
		"Verbundwerkstoff", "fibra de carbono"}},
	{"drones", "drones", []string{
		"drone", "UAV", "unmanned aerial vehicle", "dron", "drones", "Drohne", "dronas"}},
	{"medical-devices", "medical devices", []string{
		"medical device", "medical technology", "medtech", "dispositivo médico", "dispositif médical",
		"Medizintechnik", "Medizinprodukt", "MDR"}},
	{"telemedicine", "telemedicine", []string{
		"telemedicine", "telehealth", "remote patient monitoring", "telemedicina", "télémédecine", "Telemedizin",
		"eHealth", "digital health"}},
	{"smart-grid", "smart grids", []string{
		"smart grid", "red inteligente", "réseau intelligent", "intelligentes Stromnetz", "demand response"}},
	{"smart-buildings", "smart buildings", []string{
		"smart building", "building automation", "BIM", "edificio inteligente", "bâtiment intelligent",
		"Gebäudeautomation", "smart home"}},
	{"recycling", "recycling and the circular economy", []string{
		"recycling", "circular economy", "reciclaje", "economía circular", "recyclage", "économie circulaire",
		"Kreislaufwirtschaft", "Recycling", "waste management"}},
	{"precision-agriculture", "precision agriculture", []string{
		"precision agriculture", "precision farming", "smart farming", "agricultura de precisión",
		"agriculture de précision", "Präzisionslandwirtschaft", "agritech"}},
	{"virtual-reality", "virtual and augmented reality", []string{
		"virtual reality", "augmented reality", "VR", "AR", "XR", "mixed reality", "realidad virtual",
		"realidad aumentada", "réalité virtuelle", "réalité augmentée", "virtuelle Realität", "erweiterte Realität"}},
}

// conceptLabel returns the English label of a concept ID.
var conceptLabel = func() map[string]string {
	m := make(map[string]string, len(concepts))
	for _, c := range concepts {
		m[c.ID] = c.Label
	}
	return m
}()

// conceptPrefix starts every concept term; the tokeniser never yields it.
const conceptPrefix = "#"

// conceptForm is one surface form, as the sequence of terms it analyses to.
type conceptForm struct {
	terms []string
	id    string
}

// formsByFirst holds the concept forms by their first term, longest first, so
// that "industrial robot" is tried before a shorter form of the same start.
var formsByFirst = func() map[string][]conceptForm {
	m := map[string][]conceptForm{}
	for _, c := range concepts {
		for _, f := range c.Forms {
			ts := Tokens(f)
			if len(ts) == 0 || slices.ContainsFunc(words(f), isNumber) {
				// A number would be dropped silently: "Industry 4.0"
				// would name the concept by "industry" alone.
				panic("match: concept form without terms, or with a number: " + f)
			}
			m[ts[0]] = append(m[ts[0]], conceptForm{ts, c.ID})
		}
	}
	for k, fs := range m {
		for i := 1; i < len(fs); i++ { // insertion sort by length, stable
			for j := i; j > 0 && len(fs[j].terms) > len(fs[j-1].terms); j-- {
				fs[j], fs[j-1] = fs[j-1], fs[j]
			}
		}
		m[k] = fs
	}
	return m
}()

// withConcepts returns the terms followed by one concept term per form found
// in them (a form is found at most once per position, longest first).
func withConcepts(terms []string) []string {
	out := terms
	for i := 0; i < len(terms); i++ {
		for _, f := range formsByFirst[terms[i]] {
			if i+len(f.terms) <= len(terms) && equalTerms(terms[i:i+len(f.terms)], f.terms) {
				out = append(out, conceptPrefix+f.id)
				break
			}
		}
	}
	return out
}

func equalTerms(a, b []string) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Concepts returns the IDs of the concepts of the recommender's map that text
// names, each once, in order of first mention. Tests and the evaluation use
// it to measure the map's coverage.
func Concepts(text string) []string {
	var ids []string
	seen := map[string]bool{}
	for _, t := range withConcepts(Tokens(text)) {
		if id, ok := strings.CutPrefix(t, conceptPrefix); ok && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}
