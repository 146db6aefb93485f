package evalgen

// Sentence templates by language; %s takes a surface form of a concept.
var (
	offerTitles = map[string][]string{
		"en": {"%s", "%s services", "Expertise in %s", "%s for industry"},
		"es": {"Servicios de %s", "%s", "Experiencia en %s"},
		"fr": {"Services en %s", "%s", "Expertise en %s"},
		"de": {"%s", "Dienstleistungen: %s", "Kompetenz in %s"},
		"pl": {"Usługi: %s", "%s"},
		"lt": {"Paslaugos: %s", "%s"},
	}
	offerDescriptions = map[string][]string{
		"en": {"We have many years of experience in %s.", "Our team delivers %s to customers across Europe.", "We provide %s from design to production."},
		"es": {"Tenemos amplia experiencia en %s.", "Ofrecemos %s a clientes de toda Europa."},
		"fr": {"Nous avons une longue expérience en %s.", "Nous proposons %s à des clients dans toute l'Europe."},
		"de": {"Wir haben langjährige Erfahrung in %s.", "Wir bieten %s für Kunden in ganz Europa."},
		"pl": {"Mamy wieloletnie doświadczenie: %s.", "Oferujemy %s klientom w całej Europie."},
		"lt": {"Turime ilgametę patirtį: %s.", "Siūlome %s klientams visoje Europoje."},
	}
	requestTitles = map[string][]string{
		"en": {"Looking for %s", "Partner wanted for %s", "Need: %s", "Seeking a supplier of %s"},
		"es": {"Buscamos %s", "Se busca socio en %s"},
		"fr": {"Recherche %s", "Partenaire recherché : %s"},
		"de": {"Gesucht: %s", "Partner für %s gesucht"},
		"pl": {"Szukamy: %s", "Poszukujemy partnera: %s"},
		"lt": {"Ieškome: %s", "Ieškome partnerio: %s"},
	}
	requestDescriptions = map[string][]string{
		"en": {"We want to work with a partner able to provide %s.", "Our next project requires %s and we lack the skills in house.", "We would like to learn about %s from experienced companies."},
		"es": {"Queremos colaborar con un socio que aporte %s.", "Nuestro próximo proyecto necesita %s."},
		"fr": {"Nous souhaitons travailler avec un partenaire capable de fournir %s.", "Notre prochain projet nécessite %s."},
		"de": {"Wir möchten mit einem Partner arbeiten, der %s anbietet.", "Unser nächstes Projekt braucht %s."},
		"pl": {"Chcemy współpracować z partnerem, który zapewni %s.", "Nasz kolejny projekt wymaga: %s."},
		"lt": {"Norime bendradarbiauti su partneriu, kuris pasiūlytų %s.", "Mūsų kitam projektui reikia: %s."},
	}
	// intros take the name, the kind's word and the city.
	intros = map[string]string{
		"en": "%s is a %s based in %s.",
		"es": "%s es una %s con sede en %s.",
		"fr": "%s est une %s basée à %s.",
		"de": "%s ist ein %s mit Sitz in %s.",
		"pl": "%s to %s z siedzibą w mieście %s.",
		"lt": "%s yra %s, įsikūrusi mieste %s.",
	}
	kindWords = map[string]map[string]string{
		"en": {"sme": "small company", "large_company": "large manufacturer", "cluster": "cluster organisation", "support_org": "technology centre", "public_body": "regional development agency"},
		"es": {"sme": "pyme", "large_company": "gran empresa", "cluster": "asociación clúster", "support_org": "centro tecnológico", "public_body": "agencia de desarrollo regional"},
		"fr": {"sme": "PME", "large_company": "grande entreprise", "cluster": "pôle de compétitivité", "support_org": "centre technique", "public_body": "agence de développement régional"},
		"de": {"sme": "mittelständisches Unternehmen", "large_company": "Großunternehmen", "cluster": "Branchennetzwerk", "support_org": "Forschungsinstitut", "public_body": "Wirtschaftsförderung"},
		"pl": {"sme": "małe przedsiębiorstwo", "large_company": "duże przedsiębiorstwo", "cluster": "klaster", "support_org": "centrum technologiczne", "public_body": "agencja rozwoju regionalnego"},
		"lt": {"sme": "maža įmonė", "large_company": "didelė įmonė", "cluster": "klasteris", "support_org": "technologijų centras", "public_body": "regioninės plėtros agentūra"},
	}
	capabilitySentences = map[string][]string{
		"en": {"We specialise in %s.", "Our core business is %s."},
		"es": {"Estamos especializados en %s."},
		"fr": {"Nous sommes spécialisés en %s."},
		"de": {"Wir sind spezialisiert auf %s."},
		"pl": {"Specjalizujemy się w: %s."},
		"lt": {"Specializuojamės: %s."},
	}
	needSentences = map[string][]string{
		"en": {"We are looking for partners in %s.", "We want to bring %s into our own products."},
		"es": {"Buscamos socios en %s."},
		"fr": {"Nous cherchons des partenaires en %s."},
		"de": {"Wir suchen Partner im Bereich %s."},
		"pl": {"Szukamy partnerów w obszarze: %s."},
		"lt": {"Ieškome partnerių srityje: %s."},
	}
	// distractors mention a concept that is neither a need nor a capability.
	distractors = map[string][]string{
		"en": {"Last year we attended a conference on %s.", "Our director once gave a talk about %s.", "Like everyone, we follow the news about %s."},
		"es": {"El año pasado asistimos a una conferencia sobre %s."},
		"fr": {"L'an dernier nous avons assisté à une conférence sur %s."},
		"de": {"Letztes Jahr besuchten wir eine Konferenz über %s."},
		"pl": {"W zeszłym roku byliśmy na konferencji o: %s."},
		"lt": {"Pernai dalyvavome konferencijoje apie: %s."},
	}
	noise = map[string][]string{
		"en": {"Quality and reliability are at the heart of everything we do.", "We value long-term partnerships with our customers.",
			"Innovation and sustainability drive our strategy.", "We are proud members of our regional cluster.", "Our team is young, international and motivated."},
		"es": {"La calidad y la fiabilidad están en el centro de todo lo que hacemos.", "Valoramos las relaciones a largo plazo con nuestros clientes."},
		"fr": {"La qualité et la fiabilité sont au cœur de notre métier.", "Nous privilégions les partenariats durables avec nos clients."},
		"de": {"Qualität und Zuverlässigkeit stehen bei uns im Mittelpunkt.", "Wir setzen auf langfristige Partnerschaften mit unseren Kunden."},
		"pl": {"Jakość i niezawodność są w centrum naszej działalności.", "Cenimy długoterminowe partnerstwa z klientami."},
		"lt": {"Kokybė ir patikimumas yra mūsų veiklos pagrindas.", "Vertiname ilgalaikę partnerystę su klientais."},
	}
)
