package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"caravan/internal/mission"
)

// clusterSpec is one real cluster organisation of the seed article.
type clusterSpec struct {
	Key         string
	Name        string
	Kind        string
	City        city
	Ecosystems  []string
	Website     string
	Description string
}

// The EXCITE partners, the seed's two SMEs and the host region's hubs. The
// organisations are real; their descriptions summarise public sources.
var clusterSpecs = []clusterSpec{
	{"sisax", "Silicon Saxony", mission.KindCluster, city{"Dresden", "DE", "DED2", 51.0504, 13.7373},
		[]string{"microelectronics", "digitalisation", "ai-data"}, "https://silicon-saxony.de",
		"Network of the microelectronics and ICT industry in Saxony; coordinator of EXCITE."},
	{"mcict", "Mazovia Cluster ICT", mission.KindCluster, city{"Warsaw", "PL", "PL91", 52.2297, 21.0122},
		[]string{"digitalisation", "ai-data", "cybersecurity"}, "",
		"ICT cluster of the Mazovia region around Warsaw."},
	{"scs", "Pôle SCS", mission.KindCluster, city{"Sophia Antipolis", "FR", "FRL0", 43.6163, 7.0552},
		[]string{"microelectronics", "cybersecurity", "digitalisation"}, "https://www.pole-scs.org",
		"Competitiveness cluster for secure communicating solutions in Provence-Alpes-Côte d'Azur."},
	{"bhv", "Business Hive Vilnius", mission.KindCluster, city{"Vilnius", "LT", "LT01", 54.6872, 25.2797},
		[]string{"digitalisation", "ai-data"}, "",
		"Cluster of technology companies and start-ups in Vilnius."},
	{"cdti", "Cluster for Digital Transformation and Innovations", mission.KindCluster, city{"Sofia", "BG", "BG41", 42.6977, 23.3219},
		[]string{"digitalisation", "ai-data"}, "",
		"Bulgarian cluster for the digital transformation of companies."},
	{"gaia", "GAIA", mission.KindCluster, city{"Donostia / San Sebastián", "ES", "ES21", 43.3183, -1.9812},
		[]string{"digitalisation", "cybersecurity", "advanced-manufacturing"}, "https://www.gaia.es",
		"Association of knowledge and technology industries of the Basque Country; host of the November 2023 mission."},
	{"cybasque", "CYBASQUE", mission.KindCluster, city{"Bilbao", "ES", "ES21", 43.2630, -2.9350},
		[]string{"cybersecurity"}, "",
		"Cybersecurity sub-cluster of GAIA."},
	{"bdih", "Basque Digital Innovation Hub (BDIH)", mission.KindSupportOrg, city{"Bilbao", "ES", "ES21", 43.2630, -2.9350},
		[]string{"advanced-manufacturing", "cybersecurity", "robotics", "additive-manufacturing", "health", "advanced-materials", "ai-data", "energy"}, "",
		"The Basque European Digital Innovation Hub: smart and connected machines, digital electricity networks, additive manufacturing, flexible robotics, medical devices and digital health, advanced materials, data-driven solutions and cybersecurity."},
	{"asfabrik", "Bilbao AS Fabrik", mission.KindSupportOrg, city{"Bilbao", "ES", "ES21", 43.2560, -2.9630},
		[]string{"digitalisation", "advanced-manufacturing"}, "",
		"Ecosystem for advanced services for Industry 4.0 and the digital economy."},
	// The seed's two SMEs. City & Me's city is not in the article; the demo
	// places it in Belgrade.
	{"cityme", "City & Me", mission.KindSME, city{"Belgrade", "RS", "RS11", 44.7866, 20.4489},
		[]string{"smart-cities", "digitalisation"}, "",
		"Serbian SME; joined the Basque mission with the EXCITE consortium."},
	{"sez", "Steinbeis Europa Zentrum", mission.KindSME, city{"Stuttgart", "DE", "DE11", 48.7758, 9.1829},
		[]string{"digitalisation", "advanced-manufacturing"}, "",
		"German SME supporting innovation projects; joined the Basque mission with the EXCITE consortium."},
}

// createClusters writes the real organisations and two or three fictional
// staff members for each cluster.
func (s *seeder) createClusters(ctx context.Context) error {
	s.clusters = map[string]*mission.Organisation{}
	s.staff = map[string][]*mission.Person{}
	for _, c := range clusterSpecs {
		o := &mission.Organisation{
			Name: c.Name, Kind: c.Kind, Country: c.City.Country, Region: c.City.Region, City: c.City.Name,
			Lat: c.City.Lat, Lon: c.City.Lon, Ecosystems: c.Ecosystems, Website: c.Website, Description: c.Description,
			Staff: 8 + s.r.IntN(20),
		}
		if c.Key == "cybasque" {
			o.ClusterIDs = []int64{s.clusters["gaia"].ID}
		}
		if err := s.createOrganisation(ctx, o); err != nil {
			return err
		}
		s.clusters[c.Key] = o
		n := 1
		if c.Kind == mission.KindCluster && c.Key != "cybasque" {
			n = 2
		}
		titles := clusterJobTitles
		if c.Kind != mission.KindCluster {
			titles = jobTitles
		}
		for range n {
			p, err := s.createPerson(ctx, o, titles)
			if err != nil {
				return err
			}
			s.staff[c.Key] = append(s.staff[c.Key], p)
		}
	}
	s.smes = []*mission.Organisation{s.clusters["cityme"], s.clusters["sez"]}
	return nil
}

// createConsortia writes EXCITE with its six partners, and a fictional
// follow-up partnership that runs the demo's present and future missions.
func (s *seeder) createConsortia(ctx context.Context) error {
	s.partners = map[string]int64{}
	partner := func(key, role string, budgetEUR int64) mission.Partner {
		return mission.Partner{OrganisationID: s.clusters[key].ID, Role: role, TravelBudgetCents: budgetEUR * 100}
	}
	s.excite = &mission.Consortium{
		Name:               "EXCITE",
		Acronym:            "EXCITE",
		StartsOn:           date(2022, 2, 1),
		EndsOn:             date(2024, 1, 31),
		TargetParticipants: 96,
		Description: "EXCITE strengthens cluster management and the exchange and strategic partnership between cluster staff and cluster members through ClusterXchange: " +
			"short-term exchanges that connect industrial ecosystems in Europe, focused on the skills, processes and services of digital transformation.",
		Partners: []mission.Partner{
			partner("sisax", mission.PartnerCoordinator, 30000),
			partner("mcict", mission.PartnerMember, 21000),
			partner("scs", mission.PartnerMember, 21000),
			partner("bhv", mission.PartnerMember, 21000),
			partner("cdti", mission.PartnerMember, 21000),
			partner("gaia", mission.PartnerMember, 21000),
		},
		CreatedAt: s.now,
	}
	if err := s.db.CreateConsortium(ctx, s.excite); err != nil {
		return fmt.Errorf("consortium EXCITE: %w", err)
	}
	s.info.ConsortiumID = s.excite.ID
	for i, key := range []string{"sisax", "mcict", "scs", "bhv", "cdti", "gaia"} {
		s.partners[key] = s.excite.Partners[i].ID
	}
	s.nexus = &mission.Consortium{
		Name:               "Digital Ecosystems Exchange (fictional)",
		Acronym:            "DEX",
		StartsOn:           s.day(-200),
		EndsOn:             s.day(530),
		TargetParticipants: 120,
		Description:        "A fictional follow-up partnership of the EXCITE clusters, made up for the demo to show missions that are running and to come.",
		Partners: []mission.Partner{
			partner("sisax", mission.PartnerCoordinator, 35000),
			partner("mcict", mission.PartnerMember, 25000),
			partner("scs", mission.PartnerMember, 25000),
			partner("bhv", mission.PartnerMember, 25000),
			partner("gaia", mission.PartnerMember, 25000),
		},
		CreatedAt: s.now,
	}
	if err := s.db.CreateConsortium(ctx, s.nexus); err != nil {
		return fmt.Errorf("consortium %s: %w", s.nexus.Acronym, err)
	}
	return nil
}

// createRegions writes the host regions' profiles. The Basque figures are
// the seed article's.
func (s *seeder) createRegions(ctx context.Context) error {
	const seedSource = "EXCITE, “Basque Industrial Exploration”, 21 November 2023"
	s.basque = &mission.Region{
		Code:    "ES21",
		Name:    "Basque Country (Euskadi)",
		Country: "ES",
		Summary: "A highly industrialised region with a strong manufacturing sector spanning automotive, aeronautics, environment, industrial design and engineering; " +
			"among the regions with the highest productivity in Europe.",
		Figures: []mission.RegionFigure{
			{Label: "Industry share of GDP", Value: 22.8, Unit: "%", Source: seedSource},
			{Label: "Manufacturing share of the economy", Value: 23, Unit: "%", Source: seedSource},
			{Label: "Productivity (EU-28 = 100)", Value: 128.5, Unit: "%", Source: seedSource},
		},
	}
	s.saxony = &mission.Region{
		Code:    "DED2",
		Name:    "Dresden, Saxony",
		Country: "DE",
		Summary: "Centre of Saxony's microelectronics and ICT industry: chip makers, equipment and materials suppliers, software companies and research institutes.",
	}
	for _, r := range []*mission.Region{s.basque, s.saxony} {
		if err := s.db.CreateRegion(ctx, r); err != nil {
			return fmt.Errorf("region %s: %w", r.Code, err)
		}
	}
	return nil
}

// createCompanies generates the visiting companies of the partners' regions,
// the Basque companies and the Saxon companies, with their people and their
// marketplace items.
func (s *seeder) createCompanies(ctx context.Context) error {
	s.visitors = map[string][]*mission.Organisation{}
	regions := []struct {
		Cluster string
		Country string
		Cities  []city
		N       int
	}{
		{"sisax", "DE", saxonyCities, 11},
		{"mcict", "PL", mazoviaCities, 10},
		{"scs", "FR", provenceCities, 10},
		{"bhv", "LT", vilniusCities, 9},
		{"cdti", "BG", bulgariaCities, 4},
	}
	for _, reg := range regions {
		for range reg.N {
			c := reg.Cities[s.r.IntN(len(reg.Cities))]
			o, err := s.createCompany(ctx, c, s.visitorName(reg.Country), s.clusters[reg.Cluster].ID)
			if err != nil {
				return err
			}
			s.visitors[reg.Cluster] = append(s.visitors[reg.Cluster], o)
		}
	}
	for range 150 {
		c := basqueCities[s.weighted(basqueCityWeights)]
		o, err := s.createCompany(ctx, c, s.basqueName(), s.clusters["gaia"].ID)
		if err != nil {
			return err
		}
		s.locals = append(s.locals, o)
	}
	for range 12 {
		c := saxonyCities[s.r.IntN(len(saxonyCities))]
		o, err := s.createCompany(ctx, c, s.visitorName("DE"), s.clusters["sisax"].ID)
		if err != nil {
			return err
		}
		s.saxons = append(s.saxons, o)
	}
	// The seed's SMEs get people and marketplace items too.
	for _, o := range s.smes {
		if err := s.createItems(ctx, o, sectors[2]); err != nil {
			return err
		}
	}
	return s.createOtherDelegations(ctx)
}

// createOtherDelegations generates the companies that visit Dresden and
// apply to Vilnius. ClusterXchange funds an organisation's exchange once,
// so these are other companies than the Basque mission's visitors. They
// come from a random stream of their own, so that adding them left every
// other generated row as it was.
func (s *seeder) createOtherDelegations(ctx context.Context) error {
	s.dresden = map[string][]*mission.Organisation{}
	s.vilnius = map[string][]*mission.Organisation{}
	saved := s.r
	s.r = rand.New(rand.NewPCG(seed1, seed2+1))
	defer func() { s.r = saved }()
	regions := []struct {
		Cluster, Country string
		Cities           []city
		Dresden, Vilnius int
	}{
		{"sisax", "DE", saxonyCities, 0, 6},
		{"mcict", "PL", mazoviaCities, 5, 0},
		{"scs", "FR", provenceCities, 5, 3},
		{"bhv", "LT", vilniusCities, 4, 0},
	}
	for _, reg := range regions {
		for i := range reg.Dresden + reg.Vilnius {
			c := reg.Cities[s.r.IntN(len(reg.Cities))]
			o, err := s.createCompany(ctx, c, s.visitorName(reg.Country), s.clusters[reg.Cluster].ID)
			if err != nil {
				return err
			}
			if i < reg.Dresden {
				s.dresden[reg.Cluster] = append(s.dresden[reg.Cluster], o)
			} else {
				s.vilnius[reg.Cluster] = append(s.vilnius[reg.Cluster], o)
			}
		}
	}
	return nil
}

// createCompany writes one fictional company of a sector drawn at random,
// one or two people and one to three marketplace items.
func (s *seeder) createCompany(ctx context.Context, c city, name func(sector, bool) string, clusterID int64) (*mission.Organisation, error) {
	sec := sectors[s.r.IntN(len(sectors))]
	kind := mission.KindSME
	staff := 5 + s.r.IntN(180)
	large := s.r.IntN(12) == 0
	if large {
		kind, staff = mission.KindLargeCompany, 250+s.r.IntN(1500)
	}
	n := name(sec, large)
	o := &mission.Organisation{
		Name: n, Kind: kind, Country: c.Country, Region: c.Region, City: c.Name, Lat: c.Lat, Lon: c.Lon,
		Ecosystems: sec.Ecosystems, ClusterIDs: []int64{clusterID}, Staff: staff,
		Website:     "https://" + slug(n) + ".example",
		Description: fmt.Sprintf("Fictional %s company from %s, generated for the demo.", mission.EcosystemLabel(sec.Ecosystems[0]), c.Name),
	}
	if err := s.createOrganisation(ctx, o); err != nil {
		return nil, err
	}
	people := 1
	if s.r.IntN(4) == 0 {
		people = 2
	}
	for range people {
		if _, err := s.createPerson(ctx, o, jobTitles); err != nil {
			return nil, err
		}
	}
	return o, s.createItems(ctx, o, sec)
}

// createItems writes one offer and, for most, a request.
func (s *seeder) createItems(ctx context.Context, o *mission.Organisation, sec sector) error {
	items := []*mission.MarketplaceItem{{
		OrganisationID: o.ID, Side: mission.Offer, Category: s.pick([]string{"technology", "product", "service"}),
		Title: s.pick(sec.Offers), Ecosystems: sec.Ecosystems, Keywords: []string{slug(sec.NameWords[0])},
	}}
	if s.r.IntN(3) > 0 {
		items = append(items, &mission.MarketplaceItem{
			OrganisationID: o.ID, Side: mission.Request, Category: s.pick([]string{"rd_partnership", "customer", "supplier", "investment"}),
			Title: s.pick(sec.Requests), Ecosystems: sec.Ecosystems,
		})
	}
	for _, it := range items {
		it.CreatedAt = s.now
		if err := s.db.CreateMarketplaceItem(ctx, it); err != nil {
			return fmt.Errorf("marketplace item of %q: %w", o.Name, err)
		}
	}
	return nil
}

// basqueName returns a generator of unused Basque company names such as
// "Harri Robotics S.L.".
func (s *seeder) basqueName() func(sector, bool) string {
	return func(sec sector, large bool) string {
		for {
			words := append(append([]string(nil), sec.NameWords...), sec.LocalWords...)
			form := s.pick(basqueLegalForms)
			if large {
				form = largeLegalForms["ES"]
			}
			n := s.pick(basqueNameStems) + " " + s.pick(words) + " " + form
			if !s.used[n] {
				return n
			}
		}
	}
}

// visitorName returns a generator of unused company names of a country.
func (s *seeder) visitorName(country string) func(sector, bool) string {
	return func(sec sector, large bool) string {
		for {
			form := s.pick(visitorLegalForms[country])
			if large {
				form = largeLegalForms[country]
			}
			n := s.pick(visitorNameStems[country]) + " " + s.pick(sec.NameWords) + " " + form
			if !s.used[n] {
				return n
			}
		}
	}
}
