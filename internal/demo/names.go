package demo

// This file holds the lists the generator draws from: cities with
// coordinates, first and last names per country, and the parts of company
// names. Every person and every company made from them is fictional.

// city is a place with coordinates (WGS 84) and its NUTS 2 region.
type city struct {
	Name    string
	Country string
	Region  string
	Lat     float64
	Lon     float64
}

// Cities of the host region, the Basque Country (NUTS ES21).
var basqueCities = []city{
	{"Bilbao", "ES", "ES21", 43.2630, -2.9350},
	{"Donostia / San Sebastián", "ES", "ES21", 43.3183, -1.9812},
	{"Vitoria-Gasteiz", "ES", "ES21", 42.8467, -2.6716},
	{"Eibar", "ES", "ES21", 43.1843, -2.4716},
	{"Arrasate / Mondragón", "ES", "ES21", 43.0647, -2.4897},
	{"Getxo", "ES", "ES21", 43.3569, -3.0117},
	{"Irun", "ES", "ES21", 43.3390, -1.7896},
	{"Durango", "ES", "ES21", 43.1705, -2.6324},
	{"Barakaldo", "ES", "ES21", 43.2976, -2.9870},
	{"Zamudio", "ES", "ES21", 43.2833, -2.8667},
	{"Derio", "ES", "ES21", 43.2920, -2.8820},
	{"Elgoibar", "ES", "ES21", 43.2167, -2.4167},
	{"Tolosa", "ES", "ES21", 43.1350, -2.0790},
	{"Zarautz", "ES", "ES21", 43.2840, -2.1700},
	{"Amorebieta-Etxano", "ES", "ES21", 43.2200, -2.7330},
	{"Azpeitia", "ES", "ES21", 43.1820, -2.2660},
	{"Beasain", "ES", "ES21", 43.0490, -2.2000},
	{"Basauri", "ES", "ES21", 43.2390, -2.8860},
	{"Leioa", "ES", "ES21", 43.3280, -2.9860},
	{"Ermua", "ES", "ES21", 43.1870, -2.5010},
}

// basqueCityWeights makes the big cities more likely: index i of
// basqueCities is drawn with weight basqueCityWeights[i].
var basqueCityWeights = []int{14, 10, 8, 5, 5, 3, 3, 4, 3, 6, 4, 2, 2, 2, 2, 1, 2, 2, 3, 1}

// Cities of the visiting partners' regions.
var (
	saxonyCities = []city{
		{"Dresden", "DE", "DED2", 51.0504, 13.7373},
		{"Dresden", "DE", "DED2", 51.0504, 13.7373},
		{"Dresden", "DE", "DED2", 51.0504, 13.7373},
		{"Leipzig", "DE", "DED5", 51.3397, 12.3731},
		{"Chemnitz", "DE", "DED4", 50.8278, 12.9214},
		{"Freiberg", "DE", "DED4", 50.9119, 13.3428},
		{"Radebeul", "DE", "DED2", 51.1066, 13.6597},
		{"Bautzen", "DE", "DED2", 51.1805, 14.4242},
		{"Zwickau", "DE", "DED4", 50.7189, 12.4964},
	}
	mazoviaCities = []city{
		{"Warsaw", "PL", "PL91", 52.2297, 21.0122},
		{"Warsaw", "PL", "PL91", 52.2297, 21.0122},
		{"Warsaw", "PL", "PL91", 52.2297, 21.0122},
		{"Pruszków", "PL", "PL91", 52.1700, 20.8120},
		{"Piaseczno", "PL", "PL91", 52.0810, 21.0240},
		{"Radom", "PL", "PL92", 51.4027, 21.1471},
		{"Płock", "PL", "PL92", 52.5463, 19.7065},
		{"Siedlce", "PL", "PL92", 52.1676, 22.2902},
	}
	provenceCities = []city{
		{"Sophia Antipolis", "FR", "FRL0", 43.6163, 7.0552},
		{"Sophia Antipolis", "FR", "FRL0", 43.6163, 7.0552},
		{"Nice", "FR", "FRL0", 43.7102, 7.2620},
		{"Antibes", "FR", "FRL0", 43.5804, 7.1251},
		{"Valbonne", "FR", "FRL0", 43.6410, 7.0090},
		{"Marseille", "FR", "FRL0", 43.2965, 5.3698},
		{"Aix-en-Provence", "FR", "FRL0", 43.5297, 5.4474},
		{"Rousset", "FR", "FRL0", 43.4830, 5.6200},
		{"Toulon", "FR", "FRL0", 43.1242, 5.9280},
	}
	vilniusCities = []city{
		{"Vilnius", "LT", "LT01", 54.6872, 25.2797},
		{"Vilnius", "LT", "LT01", 54.6872, 25.2797},
		{"Vilnius", "LT", "LT01", 54.6872, 25.2797},
		{"Trakai", "LT", "LT01", 54.6379, 24.9347},
		{"Kaunas", "LT", "LT02", 54.8985, 23.9036},
		{"Klaipėda", "LT", "LT02", 55.7033, 21.1443},
	}
	bulgariaCities = []city{
		{"Sofia", "BG", "BG41", 42.6977, 23.3219},
		{"Sofia", "BG", "BG41", 42.6977, 23.3219},
		{"Plovdiv", "BG", "BG42", 42.1354, 24.7453},
	}
)

// firstNames and lastNames are common names per country; the generator
// combines them at random, so the people are fictional.
var firstNames = map[string][]string{
	"ES": {"Aitor", "Ane", "Iker", "Maite", "Jon", "Nerea", "Unai", "Leire", "Mikel", "Amaia", "Asier", "Itziar", "Gorka", "Ainhoa", "Josu", "Edurne", "Xabier", "Irati", "Eneko", "June", "Igor", "Garazi", "Ander", "Uxue", "Carlos", "Lucía", "Javier", "Marta", "Pablo", "Elena"},
	"DE": {"Anna", "Lukas", "Katrin", "Jonas", "Sabine", "Felix", "Julia", "Matthias", "Susanne", "Tobias", "Claudia", "Stefan", "Franziska", "Martin", "Heike", "Florian", "Anja", "Sebastian", "Ines", "Christian"},
	"PL": {"Anna", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Paweł", "Agnieszka", "Michał", "Joanna", "Krzysztof", "Monika", "Marcin", "Ewa", "Łukasz", "Aleksandra", "Jakub", "Natalia", "Bartosz"},
	"FR": {"Camille", "Nicolas", "Julie", "Thomas", "Claire", "Julien", "Sophie", "Antoine", "Élodie", "Mathieu", "Céline", "Guillaume", "Aurélie", "Romain", "Marion", "Sébastien", "Laure", "Olivier"},
	"LT": {"Rūta", "Tomas", "Greta", "Mantas", "Ieva", "Lukas", "Eglė", "Darius", "Agnė", "Mindaugas", "Justina", "Paulius", "Laura", "Andrius", "Gintarė", "Vytautas"},
	"BG": {"Maria", "Georgi", "Elena", "Ivan", "Desislava", "Nikolay", "Teodora", "Dimitar", "Yana", "Stefan", "Ralitsa", "Petar"},
	"RS": {"Milica", "Nikola", "Jelena", "Marko", "Ana", "Stefan", "Ivana", "Luka", "Tamara", "Nemanja"},
}

var lastNames = map[string][]string{
	"ES": {"Etxeberria", "Agirre", "Goikoetxea", "Urrutia", "Zubizarreta", "Arrieta", "Olabarria", "Larrañaga", "Elorza", "Iturbe", "Mendizabal", "Arana", "Beitia", "Uriarte", "Otxoa", "Garmendia", "Lasa", "Aranburu", "Ibarra", "Txurruka", "García", "Fernández", "López", "Martínez", "Ruiz", "Sánchez", "Iglesias", "Ortiz"},
	"DE": {"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Krüger", "Hartmann", "Lange", "Vogel"},
	"PL": {"Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk"},
	"FR": {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garnier", "Faure", "Rousseau", "Blanc"},
	"LT": {"Kazlauskas", "Petrauskas", "Jankauskas", "Stankevičius", "Vasiliauskas", "Žukauskas", "Butkus", "Paulauskas", "Urbonas", "Kavaliauskas", "Navickas", "Ramanauskas"},
	"BG": {"Ivanova", "Georgiev", "Dimitrova", "Petrov", "Nikolova", "Stoyanov", "Todorova", "Iliev", "Angelova", "Kolev"},
	"RS": {"Jovanović", "Petrović", "Nikolić", "Marković", "Đorđević", "Stojanović", "Ilić", "Pavlović", "Milošević", "Popović"},
}

// jobTitles are the roles people from companies hold.
var jobTitles = []string{
	"Chief Executive Officer", "Managing Director", "Chief Technology Officer", "Business Development Manager",
	"Head of Sales", "Innovation Manager", "Project Manager", "R&D Engineer", "Head of Digital Transformation",
	"International Sales Manager", "Product Manager", "Export Manager", "Chief Operating Officer", "Founder",
}

// clusterJobTitles are the roles of cluster organisations' staff.
var clusterJobTitles = []string{
	"Cluster Manager", "International Project Manager", "Head of Internationalisation", "Project Officer",
	"Member Services Manager", "Innovation Coordinator",
}

// languages are the ISO 639-1 codes each country's people speak besides English.
var languages = map[string][]string{
	"ES": {"es", "eu", "en"}, "DE": {"de", "en"}, "PL": {"pl", "en"}, "FR": {"fr", "en"},
	"LT": {"lt", "en", "ru"}, "BG": {"bg", "en"}, "RS": {"sr", "en"},
}

// sector describes one kind of company the generator makes: the ecosystems
// it belongs to, words for its name, and what it offers and looks for.
type sector struct {
	Ecosystems []string
	NameWords  []string // English words for any company's name
	LocalWords []string // Spanish and Basque words for Basque companies
	Offers     []string
	Requests   []string
}

// sectors covers the mission's themes (advanced manufacturing,
// cybersecurity, digitalisation) and their neighbours.
var sectors = []sector{
	{
		Ecosystems: []string{"advanced-manufacturing"},
		NameWords:  []string{"Precision Parts", "Tooling", "Machining", "Machine Tools"},
		LocalWords: []string{"Mecanizados", "Fundiciones", "Forja", "Troqueles", "Máquina-Herramienta"},
		Offers:     []string{"Precision machining of complex parts in small series", "Machine tools retrofit with condition monitoring", "Forged and cast components for rail and energy", "Turnkey production cells for metal parts"},
		Requests:   []string{"Distributors for machine tools in Central Europe", "Partners for a Horizon Europe proposal on zero-defect manufacturing", "Suppliers of industrial IoT sensors"},
	},
	{
		Ecosystems: []string{"cybersecurity", "digitalisation"},
		NameWords:  []string{"Cyber", "Secure Systems", "Shield"},
		LocalWords: []string{"Ciberseguridad", "Zibersegurtasuna"},
		Offers:     []string{"OT security assessment for factories", "Managed detection and response for SMEs", "Secure remote access for industrial plants", "Training on the NIS2 directive for manufacturers"},
		Requests:   []string{"Integrators for OT security in Poland and Lithuania", "Pilot customers in the energy sector", "Research partners on post-quantum cryptography"},
	},
	{
		Ecosystems: []string{"digitalisation", "ai-data"},
		NameWords:  []string{"Digital", "Data", "Analytics", "Software", "Smart Solutions"},
		LocalWords: []string{"Soluciones Digitales"},
		Offers:     []string{"Manufacturing execution system for SMEs", "Predictive maintenance with machine learning", "Digital twins of production lines", "Computer vision for quality inspection"},
		Requests:   []string{"Manufacturers to pilot a digital twin", "Resellers in France and Germany", "Investors for a seed round"},
	},
	{
		Ecosystems: []string{"robotics", "advanced-manufacturing"},
		NameWords:  []string{"Robotics", "Automation", "Cobots"},
		LocalWords: []string{"Automatización", "Robotika"},
		Offers:     []string{"Flexible robotic cells for welding and assembly", "Collaborative robots for palletising", "Autonomous mobile robots for intralogistics"},
		Requests:   []string{"Partners for vision-guided robotics", "Customers in food packaging", "Suppliers of grippers and end effectors"},
	},
	{
		Ecosystems: []string{"additive-manufacturing", "advanced-materials"},
		NameWords:  []string{"Additive", "3D Printing", "Composites", "Materials", "Coatings"},
		Offers:     []string{"Metal additive manufacturing of spare parts", "Composite parts for aerospace", "Surface coatings against wear and corrosion"},
		Requests:   []string{"Powder suppliers for titanium alloys", "Aerospace primes looking for new suppliers", "Partners to qualify printed parts"},
	},
	{
		Ecosystems: []string{"energy"},
		NameWords:  []string{"Grid", "Power Electronics", "Electric"},
		LocalWords: []string{"Energía"},
		Offers:     []string{"Monitoring of digital electricity networks", "Power electronics for renewable plants", "Energy management for industrial sites"},
		Requests:   []string{"Grid operators for a pilot project", "Partners in battery storage"},
	},
	{
		Ecosystems: []string{"microelectronics", "digitalisation"},
		NameWords:  []string{"Electronics", "Sensors", "Embedded", "Microsystems"},
		LocalWords: []string{"Electrónica"},
		Offers:     []string{"Embedded electronics design services", "Custom sensors for harsh environments", "PCB assembly in small and medium series"},
		Requests:   []string{"Semiconductor suppliers with long-term availability", "Design partners for edge AI hardware"},
	},
	{
		Ecosystems: []string{"health"},
		NameWords:  []string{"Medical", "Health Tech", "Biomed"},
		Offers:     []string{"Medical device contract manufacturing", "Digital health platform for remote monitoring"},
		Requests:   []string{"Hospitals for clinical validation", "Distributors of medical devices"},
	},
	{
		Ecosystems: []string{"mobility", "advanced-manufacturing"},
		NameWords:  []string{"Automotive", "Mobility", "Components"},
		LocalWords: []string{"Movilidad"},
		Offers:     []string{"Lightweight components for electric vehicles", "Testing services for automotive electronics"},
		Requests:   []string{"Tier-1 suppliers looking for subcontractors", "Partners in charging infrastructure"},
	},
}

// basqueNameStems are Basque words that start fictional company names
// ("Harri", stone; "Ibai", river; …).
var basqueNameStems = []string{
	"Harri", "Ibai", "Mendi", "Itsaso", "Urdin", "Zubi", "Lur", "Haize", "Argi", "Burdin", "Oinarri", "Egoki",
	"Gorbeia", "Aralar", "Txindoki", "Ekain", "Larrun", "Urola", "Deba", "Oria", "Nerbioi", "Kadagua", "Anboto",
	"Izarra", "Elurra", "Ortzi", "Hodei", "Basoa", "Sua", "Lantegi", "Aurrera", "Bidea", "Indar", "Ekin", "Jakin",
	"Gune", "Sare", "Kate", "Berri", "Ola",
}

// basqueLegalForms are the legal forms of Basque companies (S.Coop. is the
// cooperative form common around Mondragón).
var basqueLegalForms = []string{"S.L.", "S.L.", "S.L.", "S.A.", "S.Coop."}

// visitorNameStems start fictional company names in each visiting country.
var visitorNameStems = map[string][]string{
	"DE": {"Elbtal", "Sachsen", "Silbermann", "Erzgebirge", "Nordlicht", "Lausitz", "Brückner", "Weißeritz", "Zwinger", "Mulde"},
	"PL": {"Wisła", "Mazowsze", "Kampinos", "Bursztyn", "Sokół", "Orzeł", "Sęk", "Narew", "Polna", "Wilanów"},
	"FR": {"Azur", "Lavande", "Mistral", "Calanque", "Estérel", "Cigale", "Olivier", "Lérins", "Verdon", "Riviera"},
	"LT": {"Neris", "Gintaras", "Baltija", "Vilija", "Aušra", "Žalgiris", "Rasa", "Ąžuolas", "Trakų", "Vėjas"},
	"BG": {"Vitosha", "Rila", "Pirin", "Balkan", "Iskar", "Trakia"},
}

// largeLegalForms are the legal forms of large companies per country.
var largeLegalForms = map[string]string{"ES": "S.A.", "DE": "AG", "PL": "S.A.", "FR": "SA", "LT": "AB", "BG": "AD"}

// visitorLegalForms are small companies' legal forms per country.
var visitorLegalForms = map[string][]string{
	"DE": {"GmbH", "GmbH", "GmbH", "UG"},
	"PL": {"sp. z o.o."},
	"FR": {"SAS", "SAS", "SARL"},
	"LT": {"UAB", "UAB"},
	"BG": {"EOOD", "OOD"},
}
