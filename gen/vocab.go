package gen

// element is a canonical material: a chemical element or a mineral
// commodity, with the tags that decide its groups and which products need it.
type element struct {
	name, symbol string
	z            int // atomic number; 0 for a mineral commodity
	category     string
	tags         []string
}

// elements are ordered by how widely they are used: the first ones become
// the hub materials.
var elements = []element{
	{"Copper", "Cu", 29, "base metal", []string{"base", "strategic", "crm"}},
	{"Aluminium", "Al", 13, "base metal", []string{"base", "strategic", "crm"}},
	{"Iron", "Fe", 26, "base metal", []string{"base", "alloy"}},
	{"Nickel", "Ni", 28, "battery metal", []string{"battery", "base", "strategic", "crm", "alloy"}},
	{"Lithium", "Li", 3, "battery metal", []string{"battery", "strategic", "crm"}},
	{"Silicon", "Si", 14, "metalloid", []string{"semi", "strategic", "crm"}},
	{"Cobalt", "Co", 27, "battery metal", []string{"battery", "strategic", "crm", "minor", "magnet"}},
	{"Graphite", "C", 6, "industrial mineral", []string{"battery", "strategic", "crm", "mineral", "dualuse"}},
	{"Neodymium", "Nd", 60, "rare earth element", []string{"ree", "lree", "magnet", "crm", "strategic"}},
	{"Manganese", "Mn", 25, "battery metal", []string{"battery", "strategic", "crm", "alloy"}},
	{"Gallium", "Ga", 31, "minor metal", []string{"semi", "crm", "strategic", "dualuse", "minor"}},
	{"Dysprosium", "Dy", 66, "rare earth element", []string{"ree", "hree", "magnet", "crm", "strategic", "dualuse"}},
	{"Tin", "Sn", 50, "base metal", []string{"base", "semi"}},
	{"Zinc", "Zn", 30, "base metal", []string{"base"}},
	{"Tungsten", "W", 74, "refractory metal", []string{"alloy", "crm", "strategic", "superhard", "dualuse"}},
	{"Germanium", "Ge", 32, "minor metal", []string{"semi", "crm", "strategic", "dualuse", "minor"}},
	{"Praseodymium", "Pr", 59, "rare earth element", []string{"ree", "lree", "magnet", "crm", "strategic"}},
	{"Titanium", "Ti", 22, "light metal", []string{"alloy", "crm", "strategic"}},
	{"Magnesium", "Mg", 12, "light metal", []string{"alloy", "crm", "strategic"}},
	{"Terbium", "Tb", 65, "rare earth element", []string{"ree", "hree", "magnet", "crm", "strategic", "dualuse"}},
	{"Antimony", "Sb", 51, "minor metal", []string{"crm", "dualuse", "minor"}},
	{"Platinum", "Pt", 78, "platinum group metal", []string{"pgm", "precious", "crm", "strategic"}},
	{"Palladium", "Pd", 46, "platinum group metal", []string{"pgm", "precious", "crm"}},
	{"Silver", "Ag", 47, "precious metal", []string{"precious", "semi"}},
	{"Boron", "B", 5, "metalloid", []string{"crm", "strategic", "magnet"}},
	{"Chromium", "Cr", 24, "steel alloying metal", []string{"alloy"}},
	{"Vanadium", "V", 23, "steel alloying metal", []string{"alloy", "crm"}},
	{"Molybdenum", "Mo", 42, "refractory metal", []string{"alloy"}},
	{"Niobium", "Nb", 41, "refractory metal", []string{"alloy", "crm"}},
	{"Tantalum", "Ta", 73, "refractory metal", []string{"minor", "crm", "semi"}},
	{"Samarium", "Sm", 62, "rare earth element", []string{"ree", "lree", "magnet", "dualuse"}},
	{"Gadolinium", "Gd", 64, "rare earth element", []string{"ree", "hree", "magnet", "dualuse"}},
	{"Cerium", "Ce", 58, "rare earth element", []string{"ree", "lree", "magnet"}},
	{"Lanthanum", "La", 57, "rare earth element", []string{"ree", "lree"}},
	{"Yttrium", "Y", 39, "rare earth element", []string{"ree", "hree", "dualuse"}},
	{"Scandium", "Sc", 21, "rare earth element", []string{"ree", "crm", "dualuse"}},
	{"Indium", "In", 49, "minor metal", []string{"semi", "minor"}},
	{"Tellurium", "Te", 52, "minor metal", []string{"semi", "minor"}},
	{"Selenium", "Se", 34, "minor metal", []string{"semi", "minor"}},
	{"Bismuth", "Bi", 83, "minor metal", []string{"minor", "crm", "dualuse"}},
	{"Rhodium", "Rh", 45, "platinum group metal", []string{"pgm", "precious", "crm"}},
	{"Iridium", "Ir", 77, "platinum group metal", []string{"pgm", "precious", "crm"}},
	{"Ruthenium", "Ru", 44, "platinum group metal", []string{"pgm", "precious", "crm"}},
	{"Osmium", "Os", 76, "platinum group metal", []string{"pgm", "precious"}},
	{"Gold", "Au", 79, "precious metal", []string{"precious"}},
	{"Europium", "Eu", 63, "rare earth element", []string{"ree", "hree"}},
	{"Holmium", "Ho", 67, "rare earth element", []string{"ree", "hree"}},
	{"Erbium", "Er", 68, "rare earth element", []string{"ree", "hree"}},
	{"Thulium", "Tm", 69, "rare earth element", []string{"ree", "hree"}},
	{"Ytterbium", "Yb", 70, "rare earth element", []string{"ree", "hree"}},
	{"Lutetium", "Lu", 71, "rare earth element", []string{"ree", "hree", "dualuse"}},
	{"Promethium", "Pm", 61, "rare earth element", []string{"ree", "lree"}},
	{"Hafnium", "Hf", 72, "refractory metal", []string{"alloy", "crm", "dualuse"}},
	{"Zirconium", "Zr", 40, "refractory metal", []string{"alloy"}},
	{"Beryllium", "Be", 4, "light metal", []string{"crm", "dualuse", "minor"}},
	{"Helium", "He", 2, "industrial gas", []string{"crm", "semi"}},
	{"Phosphorus", "P", 15, "non-metal", []string{"crm"}},
	{"Arsenic", "As", 33, "metalloid", []string{"semi"}},
	{"Cadmium", "Cd", 48, "minor metal", []string{"semi", "minor"}},
	{"Strontium", "Sr", 38, "alkaline earth metal", []string{"crm"}},
	{"Rhenium", "Re", 75, "refractory metal", []string{"alloy", "minor"}},
	{"Caesium", "Cs", 55, "alkali metal", []string{"minor"}},
	{"Rubidium", "Rb", 37, "alkali metal", []string{"minor"}},
	{"Lead", "Pb", 82, "base metal", []string{"base"}},
	{"Uranium", "U", 92, "nuclear fuel", []string{"dualuse"}},
	{"Thorium", "Th", 90, "nuclear fuel", []string{"dualuse"}},
	{"Fluorspar", "", 0, "industrial mineral", []string{"crm", "strategic", "mineral"}},
	{"Baryte", "", 0, "industrial mineral", []string{"crm", "mineral"}},
	{"Bauxite", "", 0, "ore", []string{"crm", "mineral", "base"}},
	{"Phosphate rock", "", 0, "industrial mineral", []string{"crm", "mineral"}},
	{"Feldspar", "", 0, "industrial mineral", []string{"crm", "mineral"}},
	{"Coking coal", "", 0, "fuel mineral", []string{"crm", "mineral"}},
	{"Potash", "", 0, "industrial mineral", []string{"mineral"}},
	{"Kaolin", "", 0, "industrial mineral", []string{"mineral"}},
	{"Synthetic diamond", "", 0, "superhard material", []string{"superhard", "dualuse"}},
	{"Cubic boron nitride", "", 0, "superhard material", []string{"superhard", "dualuse"}},
}

// Forms and grades make derived materials: "Battery-grade lithium hydroxide".
var (
	materialForms = []struct{ name, category string }{
		{"oxide", "compound"}, {"carbonate", "compound"}, {"hydroxide", "compound"}, {"metal", "refined metal"},
		{"concentrate", "concentrate"}, {"powder", "processed material"}, {"ingot", "refined metal"},
		{"sulphate", "compound"}, {"chloride", "compound"}, {"fluoride", "compound"}, {"alloy", "alloy"},
		{"scrap", "secondary raw material"}, {"ore", "ore"}, {"sputtering target", "processed material"},
		{"wire", "semi-finished product"}, {"foil", "semi-finished product"}, {"sponge", "refined metal"},
		{"nitrate", "compound"}, {"precursor", "compound"}, {"flakes", "processed material"},
		{"granules", "processed material"}, {"pellets", "processed material"}, {"residue", "secondary raw material"},
		{"cathode", "refined metal"}, {"bar", "semi-finished product"},
	}
	materialGrades = []string{
		"Battery-grade", "High-purity", "4N", "5N", "6N", "Technical-grade", "Recycled", "Refined", "Crude",
		"Sintered", "Spherical", "Ultra-fine", "Metallurgical-grade", "Electronic-grade", "Primary", "Secondary",
		"Acid-grade", "Nuclear-grade", "Optical-grade", "Chemical-grade",
	}
)

// canonicalGroup is a well-known classification of materials.
type canonicalGroup struct {
	name     string
	aliases  []string
	category string
	tag      string // elements with this tag are in the group
	parent   int    // index of the group it belongs to, -1 for none
}

var canonicalGroups = []canonicalGroup{
	{"Critical raw materials", []string{"CRM list", "critical minerals"}, "regulatory list", "crm", -1},
	{"Rare earth elements", []string{"REE", "REEs", "rare earths"}, "element group", "ree", 0},
	{"Battery raw materials", []string{"battery metals"}, "industrial list", "battery", 0},
	{"Strategic raw materials", []string{"strategic minerals"}, "regulatory list", "strategic", 0},
	{"Dual-use items", []string{"dual-use goods"}, "export-control list", "dualuse", -1},
	{"Light rare earth elements", []string{"LREE", "LREEs"}, "classification", "lree", 1},
	{"Heavy rare earth elements", []string{"HREE", "HREEs"}, "classification", "hree", 1},
	{"Magnet materials", []string{"magnet REEs"}, "industrial list", "magnet", 0},
	{"Semiconductor materials", []string{"chip materials"}, "industrial list", "semi", 0},
	{"Platinum group metals", []string{"PGMs", "PGM"}, "element group", "pgm", 11},
	{"Superhard materials", nil, "export-control list", "superhard", 4},
	{"Precious metals", nil, "commodity class", "precious", -1},
	{"Base metals", []string{"industrial metals"}, "commodity class", "base", -1},
	{"Minor metals", []string{"technology metals"}, "commodity class", "minor", -1},
	{"Steel alloying elements", []string{"ferro-alloy metals"}, "industrial list", "alloy", 12},
	{"Industrial minerals", nil, "commodity class", "mineral", -1},
}

// groupTemplates name generated lists: a country's list of some year.
var groupTemplates = []struct {
	key, format, category string
	parent                int // canonical group it belongs to
}{
	{"critical", "%s critical minerals list (%d)", "regulatory list", 0},
	{"strategic", "%s strategic minerals list (%d)", "regulatory list", 3},
	{"dual-use", "%s dual-use control list, %d edition", "export-control list", 4},
	{"stockpile", "%s stockpile priority list (%d)", "stockpile list", 3},
	{"battery", "%s battery supply-chain materials (%d)", "industrial list", 2},
	{"magnet", "%s magnet supply-chain materials (%d)", "industrial list", 7},
	{"semiconductor", "%s semiconductor supply-chain materials (%d)", "industrial list", 8},
}

// productNoun is a kind of product at one tier of the supply chain.
type productNoun struct {
	name, category string
	tags           []string // material tags it draws on
}

// productTiers go from processed inputs (tier 0) to infrastructure; each
// tier needs products of the tier below, so chains are as deep as the tiers.
var productTiers = [][]productNoun{
	{
		{"magnet alloy strip", "magnet", []string{"magnet", "ree"}}, {"NdFeB alloy powder", "magnet", []string{"magnet", "ree"}},
		{"cathode active material", "battery", []string{"battery"}}, {"anode graphite", "battery", []string{"battery"}},
		{"electrolyte solution", "battery", []string{"battery"}}, {"separator film", "battery", []string{"battery"}},
		{"silicon wafer", "semiconductor", []string{"semi"}}, {"gallium arsenide wafer", "semiconductor", []string{"semi"}},
		{"germanium substrate", "semiconductor", []string{"semi"}}, {"solder paste", "electronics", []string{"semi", "base"}},
		{"copper foil", "electronics", []string{"base"}}, {"electrical steel sheet", "motor", []string{"alloy", "base"}},
		{"superalloy billet", "aerospace", []string{"alloy"}}, {"phosphor powder", "lighting", []string{"ree"}},
		{"polishing slurry", "industrial", []string{"ree"}}, {"catalyst washcoat", "automotive", []string{"pgm", "ree"}},
		{"optical glass blank", "optics", []string{"ree", "semi"}}, {"tungsten carbide insert", "tooling", []string{"superhard", "alloy"}},
		{"enamelled copper wire", "motor", []string{"base"}}, {"rare-earth master alloy", "metallurgy", []string{"ree"}},
		{"sputtering target", "semiconductor", []string{"semi", "minor"}}, {"armour steel plate", "defence", []string{"alloy", "dualuse"}},
	},
	{
		{"NdFeB permanent magnet", "magnet", []string{"magnet"}}, {"SmCo magnet", "magnet", []string{"magnet"}},
		{"lithium-ion cell", "battery", []string{"battery"}}, {"power MOSFET", "semiconductor", []string{"semi"}},
		{"GaN power transistor", "semiconductor", []string{"semi"}}, {"multilayer ceramic capacitor", "electronics", []string{"precious", "minor"}},
		{"printed circuit board", "electronics", []string{"base", "precious"}}, {"optical fibre", "telecom", []string{"semi", "ree"}},
		{"infrared lens", "optics", []string{"semi"}}, {"turbine blade", "aerospace", []string{"alloy"}},
		{"precision bearing", "industrial", []string{"alloy"}}, {"Hall-effect sensor", "electronics", []string{"semi"}},
		{"LED chip", "lighting", []string{"semi", "ree"}}, {"laser diode", "photonics", []string{"semi"}},
		{"stator core", "motor", []string{"alloy"}}, {"memory chip", "semiconductor", []string{"semi"}},
		{"microcontroller", "semiconductor", []string{"semi"}}, {"solar cell", "energy", []string{"semi", "precious"}},
		{"RF filter", "telecom", []string{"semi", "minor"}}, {"thermal imaging sensor", "defence", []string{"semi", "dualuse"}},
	},
	{
		{"traction motor", "mobility", []string{"magnet"}}, {"battery module", "battery", []string{"battery"}},
		{"power inverter", "energy", []string{"semi"}}, {"servo actuator", "industrial", []string{"magnet"}},
		{"radar transceiver", "defence", []string{"semi", "dualuse"}}, {"power supply unit", "electronics", []string{"base"}},
		{"hard disk drive", "computing", []string{"magnet", "pgm"}}, {"camera module", "electronics", []string{"semi"}},
		{"display panel", "electronics", []string{"semi", "ree"}}, {"engine control unit", "automotive", []string{"semi"}},
		{"solar panel", "energy", []string{"semi"}}, {"wind-turbine generator", "energy", []string{"magnet"}},
		{"gearbox", "industrial", []string{"alloy"}}, {"jet engine module", "aerospace", []string{"alloy"}},
		{"5G radio unit", "telecom", []string{"semi"}}, {"gradient coil", "medical", []string{"base"}},
		{"seeker head", "defence", []string{"semi", "dualuse"}}, {"spindle motor", "industrial", []string{"magnet"}},
	},
	{
		{"battery pack", "battery", []string{"battery"}}, {"electric drive unit", "mobility", []string{"magnet"}},
		{"nacelle", "energy", []string{"alloy"}}, {"guidance system", "defence", []string{"dualuse"}},
		{"server board", "computing", []string{"semi"}}, {"robot arm", "industrial", []string{"magnet"}},
		{"MRI magnet assembly", "medical", []string{"ree"}}, {"avionics suite", "aerospace", []string{"semi"}},
		{"base station", "telecom", []string{"semi"}}, {"smartphone mainboard", "electronics", []string{"semi", "precious"}},
		{"heat-pump compressor", "energy", []string{"magnet"}}, {"turbofan engine", "aerospace", []string{"alloy"}},
		{"rail traction system", "mobility", []string{"magnet"}},
	},
	{
		{"electric car", "mobility", []string{"battery"}}, {"wind turbine", "energy", []string{"magnet"}},
		{"smartphone", "electronics", []string{"semi"}}, {"data-centre server", "computing", []string{"semi"}},
		{"fighter aircraft", "defence", []string{"alloy", "dualuse"}}, {"satellite", "aerospace", []string{"semi"}},
		{"MRI scanner", "medical", []string{"ree"}}, {"industrial robot", "industrial", []string{"magnet"}},
		{"e-bike", "mobility", []string{"battery"}}, {"heat pump", "energy", []string{"base"}},
		{"laptop", "electronics", []string{"semi"}}, {"high-speed train", "mobility", []string{"base"}},
		{"airliner", "aerospace", []string{"alloy"}}, {"precision-guided munition", "defence", []string{"dualuse"}},
		{"electric bus", "mobility", []string{"battery"}}, {"drone", "defence", []string{"magnet", "battery"}},
	},
	{
		{"offshore wind farm", "energy", []string{"magnet"}}, {"electric-vehicle fleet", "mobility", []string{"battery"}},
		{"data centre", "computing", []string{"semi"}}, {"air-defence system", "defence", []string{"dualuse"}},
		{"satellite constellation", "aerospace", []string{"semi"}}, {"hospital imaging suite", "medical", []string{"ree"}},
		{"automated factory line", "industrial", []string{"magnet"}}, {"5G network", "telecom", []string{"semi"}},
		{"metro line", "mobility", []string{"base"}}, {"naval frigate", "defence", []string{"alloy", "dualuse"}},
	},
	{
		{"national power-grid upgrade", "energy", []string{"base"}}, {"defence procurement programme", "defence", []string{"dualuse"}},
		{"smart-city network", "telecom", []string{"semi"}}, {"high-speed rail corridor", "mobility", []string{"base"}},
		{"space programme", "aerospace", []string{"semi"}}, {"cloud region", "computing", []string{"semi"}},
		{"grid-scale storage plant", "energy", []string{"battery"}},
	},
}

// tierWeights is the share of products at each tier, in percent.
var tierWeights = []int{22, 20, 18, 15, 12, 8, 5}

var (
	productQualifiers = []string{
		"Compact", "High-torque", "Heavy-duty", "Next-generation", "Low-loss", "High-temperature", "Automotive-grade",
		"Military-grade", "Lightweight", "Ruggedised", "Modular", "Industrial", "Advanced", "Offshore", "Miniature",
		"High-efficiency", "Long-range", "Fast-charging", "Radiation-hardened", "Cobalt-free", "Heavy-rare-earth-free",
	}
	modelLetters = []string{"AX", "BX", "GT", "HX", "KR", "LX", "MX", "N", "PX", "QR", "RX", "SX", "TX", "VX", "ZR", "Mk"}
)

// sector is a line of business of a company.
type sector struct {
	key, category string
	words         []string // industry words for its names
	materials     bool     // produces materials rather than products
	tiers         []int    // product tiers it makes
}

var sectors = []sector{
	{"mining", "mining company", []string{"Mining", "Resources", "Minerals", "Exploration"}, true, nil},
	{"refining", "refiner", []string{"Rare Earth", "Refining", "Smelting", "Metallurgy", "Advanced Materials"}, true, nil},
	{"chemicals", "chemical company", []string{"Chemicals", "Specialty Chemicals", "Fine Chemicals"}, true, []int{0}},
	{"magnets", "magnet maker", []string{"Magnetics", "Magnet Works", "Magnetic Materials"}, false, []int{0, 1}},
	{"battery", "battery maker", []string{"Battery", "Energy Storage", "Cathode Materials", "Cells"}, false, []int{0, 1, 2, 3}},
	{"chips", "chipmaker", []string{"Semiconductor", "Microelectronics", "Photonics", "Wafer"}, false, []int{0, 1}},
	{"electronics", "electronics maker", []string{"Electronics", "Devices", "Technologies", "Instruments"}, false, []int{1, 2, 3, 4}},
	{"auto", "automaker", []string{"Motors", "Automotive", "Mobility"}, false, []int{2, 3, 4}},
	{"defence", "defence contractor", []string{"Defence Systems", "Aerospace", "Dynamics"}, false, []int{2, 3, 4, 5}},
	{"energy", "energy company", []string{"Wind Power", "Renewables", "Grid Systems", "Power"}, false, []int{2, 3, 4, 5, 6}},
	{"trading", "trader", []string{"Trading", "Commodities", "Metals Trading"}, true, nil},
	{"recycling", "recycler", []string{"Recycling", "Circular Materials", "Urban Mining"}, true, nil},
	{"engineering", "engineering group", []string{"Engineering", "Industries", "Heavy Industries"}, false, []int{2, 3, 4, 5, 6}},
}

var (
	// places name companies, events and regional offices.
	places = []string{
		"Baotou", "Ganzhou", "Longnan", "Bayan Obo", "Sichuan", "Jiangxi", "Kalgoorlie", "Pilbara", "Mountain Pass",
		"Kiruna", "Norrbotten", "Jämtland", "Třinec", "Ostrava", "Łódź", "Kraków", "Katowice", "Düsseldorf", "Essen",
		"Lyon", "Grenoble", "Rotterdam", "Eindhoven", "Antwerp", "Tromsø", "Narvik", "São Paulo", "Minas Gerais",
		"Córdoba", "Antofagasta", "Atacama", "Potosí", "Lubumbashi", "Kolwezi", "Katanga", "Ōsaka", "Kitakyūshū",
		"Nagoya", "Ulsan", "Pohang", "Hsinchu", "Penang", "Kuantan", "Haiphong", "Lào Cai", "Jharkhand", "Odisha",
		"Ural", "Norilsk", "Murmansk", "Almaty", "Karaganda", "Bushveld", "Rustenburg", "Sudbury", "Québec",
		"Thunder Bay", "Nevada", "Arizona", "Ohio", "Nordvik", "Eastgate", "Silverline", "Bluestone", "Redwater",
		"Greenfield", "Highpoint", "Ironbridge", "Polaris", "Aurora", "Meridian", "Zenith", "Orion", "Borealis",
		"Västerås", "Skellefteå", "Freiberg", "Leoben", "Žilina", "Plzeň", "Győr", "Timișoara", "Niš", "Tbilisi",
		"Mersin", "Jubail", "Sohar", "Mombasa", "Kitwe", "Nampula", "Toamasina", "Mérida", "Valparaíso", "Cusco",
	}
	companySuffixes = []string{
		"Co., Ltd.", "Group", "Holdings", "AG", "GmbH", "S.A.", "plc", "Inc.", "Corp.", "K.K.", "N.V.", "S.p.A.",
		"Oy", "AB", "a.s.", "Sp. z o.o.", "Pty Ltd", "Ltd.", "SE", "JSC",
	}
	// govTemplates name government bodies; %s is the country.
	govTemplates = []struct{ format, category string }{
		{"Ministry of Commerce of %s", "ministry"},
		{"General Administration of Customs of %s", "customs authority"},
		{"Ministry of Industry of %s", "ministry"},
		{"%s Export Control Agency", "export-control agency"},
		{"Ministry of Foreign Affairs of %s", "ministry"},
		{"Ministry of Natural Resources of %s", "ministry"},
		{"Geological Survey of %s", "geological survey"},
		{"%s Trade Representative Office", "trade office"},
		{"Ministry of Defence of %s", "ministry"},
		{"%s Investment Screening Office", "regulator"},
		{"%s Strategic Reserves Agency", "reserve agency"},
		{"%s Competition Authority", "regulator"},
	}
	// regionalTemplates name regional offices: place, then country.
	regionalTemplates = []struct{ format, category string }{
		{"%s Bureau of Commerce (%s)", "regional authority"},
		{"%s Customs District (%s)", "customs authority"},
		{"%s Department of Industry (%s)", "regional authority"},
		{"%s Mining Inspectorate (%s)", "regulator"},
	}
	// unionBodies are the bodies of the European Union, in place of the
	// national templates.
	unionBodies = []struct{ name, code, category string }{
		{"European Commission", "EC", "executive"},
		{"Directorate-General for Trade and Economic Security", "DG TRADE", "directorate-general"},
		{"Directorate-General for Internal Market, Industry, Entrepreneurship and SMEs", "DG GROW", "directorate-general"},
		{"Council of the European Union", "Council", "council"},
		{"European Parliament", "EP", "parliament"},
		{"Directorate-General for Taxation and Customs Union", "DG TAXUD", "directorate-general"},
		{"European Raw Materials Board", "ERMB", "board"},
		{"Joint Research Centre", "JRC", "research centre"},
		{"European External Action Service", "EEAS", "diplomatic service"},
		{"European Defence Agency", "EDA", "agency"},
		{"Directorate-General for Defence Industry and Space", "DG DEFIS", "directorate-general"},
		{"European Court of Auditors", "ECA", "court"},
	}
	// orgTemplates name international organisations and industry
	// associations.
	orgTemplates = []struct{ format, category string }{
		{"%s Raw Materials Alliance", "industry alliance"},
		{"%s Critical Minerals Partnership", "international partnership"},
		{"%s Metals Association", "industry association"},
		{"%s Magnet Industry Association", "industry association"},
		{"%s Battery Alliance", "industry alliance"},
		{"%s Semiconductor Industry Association", "industry association"},
		{"%s Mining Council", "industry association"},
		{"%s Rare Earth Industry Association", "industry association"},
	}
	orgRegions = []string{"European", "Asia-Pacific", "Atlantic", "Nordic", "African", "Latin American", "Indo-Pacific", "Global", "Pan-American", "Central Asian", "Baltic", "Mediterranean"}
)

// Roles held by officials, by where they hold them.
var (
	govRoles = []string{
		"Minister", "Vice Minister", "Deputy Minister", "Director-General", "Deputy Director-General", "Spokesperson",
		"Head of Export Control", "Chief Negotiator", "Senior Trade Adviser", "Permanent Secretary", "Commissioner",
		"Director of Mineral Resources", "Head of Customs Enforcement", "Chief Economist",
	}
	companyRoles = []string{"Chief Executive Officer", "Chair of the Board", "Chief Procurement Officer", "Chief Financial Officer", "Head of Government Affairs", "Supply-Chain Director"}
	countryRoles = []string{"President", "Prime Minister", "Vice President", "Deputy Prime Minister", "Trade Envoy", "Ambassador to the EU", "National Security Adviser"}
	eventRoles   = []string{"host", "delegation head", "observer", "co-chair", "speaker", "signatory", "negotiator"}
)

// Controls.
var (
	controlCategories = []string{
		"export control", "export licensing", "export ban", "import ban", "end-use control", "sanctions designation",
		"investment screening", "export quota", "technology export restriction", "entity listing",
	}
	controlTitles = []string{
		"%s export control on %s", "%s licensing requirement for %s exports", "%s ban on %s exports",
		"%s restrictions on %s technology", "%s quota on %s exports", "%s end-use controls on %s",
	}
	suspensionTitles = []string{"%s suspension of earlier controls on %s", "%s temporary waiver for %s exports"}
)

// Events and statements.
var (
	eventTemplates = []struct {
		category, format string
		company          bool // %[7]s names a company, else a government body
	}{
		{"summit", "%[1]s–%[2]s summit, %[3]s", false},
		{"talks", "%[1]s–%[2]s talks on %[4]s export controls", false},
		{"call", "%[5]s–%[6]s call on %[4]s supply", false},
		{"meeting", "%[7]s meeting on %[4]s licensing", false},
		{"announcement", "%[7]s announces review of %[4]s supply", false},
		{"hearing", "%[1]s parliamentary hearing on %[4]s supply", false},
		{"conference", "%[3]s Critical Minerals Conference", false},
		{"licence approval", "First export licences for %[4]s granted", false},
		{"shipment halt", "%[4]s shipments halted at %[3]s", false},
		{"price spike", "%[4]s price spike", false},
		{"plant opening", "%[7]s opens %[4]s refinery in %[3]s", true},
		{"agreement", "%[1]s–%[2]s memorandum on %[4]s supply", false},
	}
	statementTemplates = []struct{ topic, title, format string }{
		{"licensing", "licensing of %s exports", "%[1]s said that exports of %[2]s will need a licence from %[3]s and that applications are handled in accordance with the law."},
		{"security", "security grounds for %s controls", "%[1]s described the measures on %[2]s as a legitimate step to safeguard national security and interests."},
		{"appeal", "lifting %s restrictions", "%[1]s called on %[4]s to lift the restrictions on %[2]s exports without delay."},
		{"figures", "%s shipment figures", "%[1]s reported that %[2]s shipments fell by %[5]d%% compared with the same month a year earlier."},
		{"warning", "%s shortages", "%[1]s warned that production of %[6]s could stop within %[5]d weeks without deliveries of %[2]s."},
		{"denial", "reported %s talks", "%[1]s denied that talks on %[2]s had taken place at ministerial level."},
		{"welcome", "suspension of %s controls", "%[1]s welcomed the suspension of the controls on %[2]s until %[3]s."},
		{"diversification", "new %s supply", "%[1]s said that new supply of %[2]s from %[4]s would cover %[5]d%% of demand within five years."},
	}
	months = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// Sources.
var (
	newsPublishers = []string{
		"Metals Market Daily", "Critical Minerals Review", "The Resource Ledger", "Asia Trade Wire",
		"Global Commodities Weekly", "Le Courrier des Métaux", "Rohstoff-Kurier", "Gazeta Surowcowa",
		"Diário dos Minérios", "Pacific Supply Chain Monitor", "Energy Transition Observer", "Brussels Trade Brief",
		"Beijing Commerce Herald", "Lithium & Battery Journal", "Magnet Industry Report", "Semiconductor Supply Watch",
		"Defence Industry Gazette", "Rare Earth Intelligence", "Nordic Industry Post", "Andes Mining Journal",
	}
	analystPublishers = []string{
		"%s Institute for Resource Policy", "Centre for Strategic Materials Studies (%s)", "%s Economic Research Council",
		"%s Metals Analytics", "%s Supply Chain Observatory",
	}
	docTypes = map[string][]string{
		"gov":     {"Announcement", "Press release", "Regulation", "Annual report", "Trade statistics", "Mineral commodity summary", "Parliamentary answer"},
		"news":    {"News article", "Market report", "Interview", "Analysis", "Briefing"},
		"analyst": {"Policy brief", "Market outlook", "Working paper", "Supply-chain assessment", "Data release"},
	}
	docTopics = []string{"export controls on %s", "%s supply and demand", "%s prices", "%s trade flows", "licensing of %s exports", "%s reserves and production", "the %s supply chain"}
)

// Edge properties.
var (
	needsUnits    = []string{"kg", "g", "t", "units"}
	tradeUnits    = []string{"USD m", "EUR m", "t", "kt"}
	producesUnits = []string{"t", "t", "t contained"}
	restrictNotes = []string{
		"covers ores, oxides, metals and alloys", "covers technologies for extraction and separation",
		"applies to items above the stated purity threshold", "includes the magnets that contain it",
		"licence required for every export", "presumption of denial for military end users",
	}
	doubtNotes = []string{
		"figure estimated; sources disagree", "reported by one source only", "official and trade figures differ",
		"year of the figure is unclear", "sources give different shares",
	}
	needsNotes = []string{"main component", "used in small amounts", "content varies by model", "recycled feedstock", "spare part and tooling"}
)

// facilityStages describe the plants of each supply-chain stage, in the
// order of kg.Stages: few mines, more refineries, many magnet and component
// plants. Processing is concentrated in the first country far more than
// mining or assembly is.
var facilityStages = []struct {
	name         string
	weight       int      // share of facilities, in percent
	hubPct       int      // chance a plant is put in the first country, before the rest are spread
	unit         string   // of capacity; tonnes of oxide are for rare earths only
	capLo, capHi int      // capacity, in unit
	categories   []string // what the plant is; also its name
}{
	{"mining", 6, 25, "t REO per year", 500, 60_000,
		[]string{"open-pit mine", "underground mine", "ionic clay mine", "mineral sands operation", "brine operation"}},
	{"separation", 10, 70, "t REO per year", 500, 40_000,
		[]string{"solvent-extraction plant", "separation plant", "refinery", "chemical processing plant"}},
	{"metal", 12, 70, "t metal per year", 200, 20_000,
		[]string{"metal plant", "alloy plant", "smelter", "electrolysis plant"}},
	{"magnet", 26, 60, "t magnets per year", 100, 30_000,
		[]string{"sintered magnet plant", "bonded magnet plant", "magnet works"}},
	{"component", 36, 30, "units per year", 10_000, 2_000_000,
		[]string{"motor plant", "assembly plant", "component works", "generator plant"}},
	{"recycling", 10, 30, "t feedstock per year", 50, 10_000,
		[]string{"recycling plant", "scrap recovery plant", "magnet recycling plant"}},
}

// reportedStatuses are the statuses sources give a facility whose years
// are not known: most are running.
var reportedStatuses = []string{"operating", "operating", "operating", "planned", "closed"}

// exchanges list where a listed company's shares trade, for its code.
var exchanges = []string{"SSE", "SZSE", "HKEX", "ASX", "TSE", "KRX", "NYSE", "Nasdaq", "LSE", "Euronext", "XETRA", "TSX", "NSE", "JSE"}
