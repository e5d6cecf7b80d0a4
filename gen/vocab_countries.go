package gen

// countryTable lists ISO 3166-1 countries and territories: code|name|aliases
// (separated by ;)|name pool of its officials. The European Union is added as
// a union; priority puts the countries that matter most for critical
// materials first, so that they become the hubs.
const countryTable = `AD|Andorra||la
AE|United Arab Emirates|UAE|me
AF|Afghanistan||sa
AG|Antigua and Barbuda||na
AI|Anguilla||na
AL|Albania||ee
AM|Armenia||ee
AO|Angola||af
AQ|Antarctica||na
AR|Argentina|Argentine Republic|la
AS|American Samoa||na
AT|Austria|Österreich|de
AU|Australia|Commonwealth of Australia|na
AW|Aruba||la
AX|Åland Islands|Aland|nordic
AZ|Azerbaijan||ee
BA|Bosnia and Herzegovina|BiH|ee
BB|Barbados||na
BD|Bangladesh||sa
BE|Belgium|België;Belgique|fr
BF|Burkina Faso||af
BG|Bulgaria||ee
BH|Bahrain||me
BI|Burundi||af
BJ|Benin||af
BL|Saint Barthélemy||fr
BM|Bermuda||na
BN|Brunei|Brunei Darussalam|se
BO|Bolivia|Plurinational State of Bolivia|la
BQ|Caribbean Netherlands|Bonaire, Sint Eustatius and Saba|nl
BR|Brazil|Brasil|la
BS|Bahamas||na
BT|Bhutan||sa
BV|Bouvet Island||nordic
BW|Botswana||af
BY|Belarus||ee
BZ|Belize||la
CA|Canada||na
CC|Cocos (Keeling) Islands||na
CD|DR Congo|Democratic Republic of the Congo;DRC|af
CF|Central African Republic||af
CG|Republic of the Congo|Congo-Brazzaville|af
CH|Switzerland|Schweiz;Suisse|de
CI|Côte d'Ivoire|Ivory Coast|af
CK|Cook Islands||na
CL|Chile||la
CM|Cameroon||af
CN|China|People's Republic of China;PRC|cn
CO|Colombia||la
CR|Costa Rica||la
CU|Cuba||la
CV|Cabo Verde|Cape Verde|af
CW|Curaçao|Curacao|la
CX|Christmas Island||na
CY|Cyprus||gr
CZ|Czechia|Czech Republic;Česko|ee
DE|Germany|Deutschland;Federal Republic of Germany|de
DJ|Djibouti||af
DK|Denmark|Danmark|nordic
DM|Dominica||na
DO|Dominican Republic||la
DZ|Algeria||me
EC|Ecuador||la
EE|Estonia|Eesti|ee
EG|Egypt||me
EH|Western Sahara||me
ER|Eritrea||af
ES|Spain|España|la
ET|Ethiopia||af
FI|Finland|Suomi|nordic
FJ|Fiji||na
FK|Falkland Islands||na
FM|Micronesia|Federated States of Micronesia|na
FO|Faroe Islands|Føroyar|nordic
FR|France|French Republic|fr
GA|Gabon||af
GB|United Kingdom|UK;Great Britain|na
GD|Grenada||na
GE|Georgia|Sakartvelo|ee
GF|French Guiana|Guyane|fr
GG|Guernsey||na
GH|Ghana||af
GI|Gibraltar||na
GL|Greenland|Kalaallit Nunaat|nordic
GM|Gambia||af
GN|Guinea||af
GP|Guadeloupe||fr
GQ|Equatorial Guinea||af
GR|Greece|Hellas|gr
GS|South Georgia and the South Sandwich Islands||na
GT|Guatemala||la
GU|Guam||na
GW|Guinea-Bissau||af
GY|Guyana||na
HK|Hong Kong|Hong Kong SAR|cn
HM|Heard Island and McDonald Islands||na
HN|Honduras||la
HR|Croatia|Hrvatska|ee
HT|Haiti||la
HU|Hungary|Magyarország|ee
ID|Indonesia||se
IE|Ireland|Éire|na
IL|Israel||me
IM|Isle of Man||na
IN|India|Bharat|sa
IO|British Indian Ocean Territory||na
IQ|Iraq||me
IR|Iran||me
IS|Iceland|Ísland|nordic
IT|Italy|Italia|it
JE|Jersey||na
JM|Jamaica||na
JO|Jordan||me
JP|Japan|Nippon|jp
KE|Kenya||af
KG|Kyrgyzstan||ee
KH|Cambodia||se
KI|Kiribati||na
KM|Comoros||af
KN|Saint Kitts and Nevis||na
KP|North Korea|DPRK|kr
KR|South Korea|Republic of Korea|kr
KW|Kuwait||me
KY|Cayman Islands||na
KZ|Kazakhstan|Qazaqstan|ee
LA|Laos|Lao PDR|se
LB|Lebanon||me
LC|Saint Lucia||na
LI|Liechtenstein||de
LK|Sri Lanka||sa
LR|Liberia||af
LS|Lesotho||af
LT|Lithuania|Lietuva|ee
LU|Luxembourg||de
LV|Latvia|Latvija|ee
LY|Libya||me
MA|Morocco||me
MC|Monaco||fr
MD|Moldova||ee
ME|Montenegro|Crna Gora|ee
MF|Saint Martin||fr
MG|Madagascar||af
MH|Marshall Islands||na
MK|North Macedonia||ee
ML|Mali||af
MM|Myanmar|Burma|se
MN|Mongolia||mn
MO|Macao|Macau|cn
MP|Northern Mariana Islands||na
MQ|Martinique||fr
MR|Mauritania||me
MS|Montserrat||na
MT|Malta||it
MU|Mauritius||af
MV|Maldives||sa
MW|Malawi||af
MX|Mexico|México|la
MY|Malaysia||se
MZ|Mozambique|Moçambique|af
NA|Namibia||af
NC|New Caledonia|Nouvelle-Calédonie|fr
NE|Niger||af
NF|Norfolk Island||na
NG|Nigeria||af
NI|Nicaragua||la
NL|Netherlands|The Netherlands;Nederland|nl
NO|Norway|Norge|nordic
NP|Nepal||sa
NR|Nauru||na
NU|Niue||na
NZ|New Zealand|Aotearoa|na
OM|Oman||me
PA|Panama|Panamá|la
PE|Peru|Perú|la
PF|French Polynesia||fr
PG|Papua New Guinea||na
PH|Philippines||se
PK|Pakistan||sa
PL|Poland|Polska|ee
PM|Saint Pierre and Miquelon||fr
PN|Pitcairn Islands||na
PR|Puerto Rico||la
PS|Palestine||me
PT|Portugal||la
PW|Palau||na
PY|Paraguay||la
QA|Qatar||me
RE|Réunion|Reunion|fr
RO|Romania|România|ee
RS|Serbia|Srbija|ee
RU|Russia|Russian Federation|ee
RW|Rwanda||af
SA|Saudi Arabia|Kingdom of Saudi Arabia;KSA|me
SB|Solomon Islands||na
SC|Seychelles||af
SD|Sudan||me
SE|Sweden|Sverige|nordic
SG|Singapore||se
SH|Saint Helena, Ascension and Tristan da Cunha||na
SI|Slovenia|Slovenija|ee
SJ|Svalbard and Jan Mayen||nordic
SK|Slovakia|Slovensko|ee
SL|Sierra Leone||af
SM|San Marino||it
SN|Senegal|Sénégal|af
SO|Somalia||af
SR|Suriname||la
SS|South Sudan||af
ST|São Tomé and Príncipe|Sao Tome and Principe|af
SV|El Salvador||la
SX|Sint Maarten||la
SY|Syria||me
SZ|Eswatini|Swaziland|af
TC|Turks and Caicos Islands||na
TD|Chad|Tchad|af
TF|French Southern Territories||fr
TG|Togo||af
TH|Thailand||se
TJ|Tajikistan||ee
TK|Tokelau||na
TL|Timor-Leste|East Timor|se
TM|Turkmenistan||ee
TN|Tunisia||me
TO|Tonga||na
TR|Türkiye|Turkey|me
TT|Trinidad and Tobago||na
TV|Tuvalu||na
TW|Taiwan||cn
TZ|Tanzania||af
UA|Ukraine|Ukraïna|ee
UG|Uganda||af
UM|United States Minor Outlying Islands||na
US|United States|USA;United States of America|na
UY|Uruguay||la
UZ|Uzbekistan|Oʻzbekiston|ee
VA|Vatican City|Holy See|it
VC|Saint Vincent and the Grenadines||na
VE|Venezuela||la
VG|British Virgin Islands||na
VI|U.S. Virgin Islands||na
VN|Vietnam|Việt Nam|se
VU|Vanuatu||na
WF|Wallis and Futuna||fr
WS|Samoa||na
YE|Yemen||me
YT|Mayotte||fr
ZA|South Africa||af
ZM|Zambia||af
ZW|Zimbabwe||af`

// countryPriority orders the first countries: producers, processors and
// big importers of critical materials. The rest follow in table order.
const countryPriority = "CN EU US AU MM JP KR DE IN RU BR CA VN CD FR NL ID CL AR ZA KZ MY TH NG GB IT " +
	"ES SE FI PL BE TW HK PH MX PE BO TR SA AE MA GA RW ZM ZW MG MZ NO GL DK AT CZ"

// euMembers are the member states of the European Union (member_of EU).
const euMembers = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"

// territoryOf maps a territory to the country it is part of.
var territoryOf = map[string]string{
	"GL": "DK", "FO": "DK", "PR": "US", "GU": "US", "VI": "US", "AS": "US", "MP": "US", "UM": "US",
	"HK": "CN", "MO": "CN", "NC": "FR", "PF": "FR", "RE": "FR", "GP": "FR", "MQ": "FR", "GF": "FR",
	"YT": "FR", "PM": "FR", "WF": "FR", "BL": "FR", "MF": "FR", "TF": "FR", "AW": "NL", "CW": "NL",
	"SX": "NL", "BQ": "NL", "BM": "GB", "GI": "GB", "KY": "GB", "VG": "GB", "MS": "GB", "TC": "GB",
	"FK": "GB", "SH": "GB", "AI": "GB", "PN": "GB", "IO": "GB", "GG": "GB", "JE": "GB", "IM": "GB",
	"GS": "GB", "AX": "FI", "SJ": "NO", "BV": "NO", "CK": "NZ", "NU": "NZ", "TK": "NZ", "NF": "AU",
	"CX": "AU", "CC": "AU", "HM": "AU",
}

// namePools hold first names and family names by culture, for officials.
// familyFirst pools write the family name first.
var namePools = map[string]struct{ first, last []string }{
	"cn": {
		[]string{"Wei", "Jing", "Xiaoming", "Hui", "Yan", "Jun", "Lei", "Mei", "Hao", "Lijuan", "Wentao", "Xiaoling", "Zhiqiang", "Yuting"},
		[]string{"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "He", "Guo", "Lin"},
	},
	"jp": {
		[]string{"Hiroshi", "Yuki", "Takeshi", "Haruka", "Kenji", "Sora", "Yōko", "Shōta", "Akiko", "Daisuke", "Emi", "Kōji"},
		[]string{"Satō", "Suzuki", "Takahashi", "Tanaka", "Itō", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi", "Katō", "Yoshida"},
	},
	"kr": {
		[]string{"Min-jun", "Ji-woo", "Seo-yeon", "Dong-hyun", "Ha-eun", "Jae-won", "Su-bin", "Hyun-woo", "Ye-jin"},
		[]string{"Kim", "Lee", "Park", "Choi", "Jeong", "Kang", "Cho", "Yoon", "Jang", "Lim"},
	},
	"mn": {
		[]string{"Bat-Erdene", "Saruul", "Oyuun", "Tömör", "Enkhjargal", "Ganzorig", "Altantsetseg"},
		[]string{"Ganbaatar", "Batbayar", "Erdenebat", "Dorjsüren", "Tserendorj", "Sükhbaatar"},
	},
	"se": {
		[]string{"Anh", "Minh", "Thảo", "Hùng", "Budi", "Siti", "Putri", "Arif", "Somchai", "Malee", "Kittisak", "Aung", "Thandar", "Nurul", "Rizal"},
		[]string{"Nguyễn", "Trần", "Lê", "Phạm", "Santoso", "Wijaya", "Hidayat", "Rahman", "Tan", "Lim", "Wong", "Reyes", "Cruz", "Suwannarat", "Htun", "Abdullah"},
	},
	"sa": {
		[]string{"Arjun", "Priya", "Rahul", "Ananya", "Vikram", "Lakshmi", "Imran", "Ayesha", "Sanjay", "Deepa", "Farhan", "Nadia", "Tenzin", "Kavinda"},
		[]string{"Sharma", "Patel", "Singh", "Gupta", "Iyer", "Reddy", "Khan", "Chowdhury", "Rao", "Mehta", "Banerjee", "Perera", "Hossain", "Dorji"},
	},
	"me": {
		[]string{"Ahmed", "Fatima", "Omar", "Layla", "Youssef", "Mariam", "Khalid", "Noura", "Hassan", "Amira", "Karim", "Salma", "Mehmet", "Ayşe", "Emre", "Zeynep", "Dalia", "Reza"},
		[]string{"Al-Farsi", "Haddad", "Mansour", "El-Amrani", "Nasser", "Saleh", "Aziz", "Benali", "Khoury", "Yılmaz", "Kaya", "Demir", "Şahin", "Öztürk", "Rahimi", "Al-Qahtani", "Bouazza"},
	},
	"af": {
		[]string{"Kwame", "Amara", "Chinedu", "Ngozi", "Thabo", "Nomvula", "Tendai", "Aïssata", "Moussa", "Wanjiru", "Kofi", "Zanele", "Jean-Pierre", "Fatoumata", "Abebe", "Chipo"},
		[]string{"Okafor", "Mensah", "Nkosi", "Dlamini", "Mwangi", "Diallo", "Traoré", "Banda", "Moyo", "Kamara", "Ndlovu", "Odhiambo", "Mukendi", "Ilunga", "Kouassi", "Tesfaye"},
	},
	"de": {
		[]string{"Anna", "Lukas", "Sophie", "Jürgen", "Katharina", "Matthias", "Ursula", "Stefan", "Lena", "Tobias", "Annalena", "Jörg"},
		[]string{"Müller", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Weiß", "Köhler", "Groß"},
	},
	"fr": {
		[]string{"François", "Élodie", "Chloé", "Hélène", "Jean-Luc", "Camille", "Thierry", "Amélie", "Benoît", "Sébastien", "Margaux", "Zoé"},
		[]string{"Dubois", "Lefèvre", "Martin", "Bernard", "Moreau", "Laurent", "Girard", "Mercier", "Fontaine", "Rousseau", "Peeters", "Lefébure"},
	},
	"it": {
		[]string{"Giulia", "Matteo", "Francesca", "Lorenzo", "Chiara", "Alessandro", "Giorgia", "Niccolò", "Federica", "Andrea"},
		[]string{"Rossi", "Bianchi", "Ferrari", "Russo", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Borg", "Esposito"},
	},
	"nl": {
		[]string{"Jan", "Pieter", "Thijs", "Sanne", "Maarten", "Femke", "Joost", "Lotte", "Bart", "Eline"},
		[]string{"de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "de Jong", "van Dijk", "Mulder", "Hoekstra"},
	},
	"nordic": {
		[]string{"Lars", "Ingrid", "Søren", "Åsa", "Björn", "Mikko", "Sigríður", "Anders", "Liv", "Jukka", "Kirsten", "Øystein"},
		[]string{"Andersson", "Johansson", "Nielsen", "Østergaard", "Virtanen", "Hämäläinen", "Hansen", "Lindqvist", "Jónsdóttir", "Berg", "Korhonen"},
	},
	"gr": {
		[]string{"Giorgos", "Eleni", "Nikos", "Maria", "Dimitris", "Katerina", "Andreas", "Sofia"},
		[]string{"Papadopoulos", "Georgiou", "Nikolaidis", "Konstantinou", "Ioannou", "Christodoulou", "Vlachos"},
	},
	"ee": {
		[]string{"Maroš", "Jana", "Tomáš", "Petra", "Krzysztof", "Agnieszka", "Dmitri", "Olga", "Ivan", "Natalia", "Bogdan", "Ioana", "Miklós", "Zsófia", "Aleksandar", "Milica", "Jānis", "Rūta", "Nurlan", "Aigerim"},
		[]string{"Novák", "Dvořák", "Horváth", "Kowalski", "Nowak", "Popescu", "Ivanov", "Petrov", "Kuznetsov", "Nagy", "Jovanović", "Petrović", "Kazlauskas", "Bērziņš", "Tamm", "Georgiev", "Černý", "Szabó", "Łukasiewicz", "Abenov", "Kovač"},
	},
	"na": {
		[]string{"James", "Emily", "Michael", "Sarah", "David", "Jessica", "Robert", "Olivia", "Daniel", "Hannah", "Liam", "Grace", "Noah", "Chloe", "Ethan", "Megan"},
		[]string{"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor", "Anderson", "Thompson", "Clarke", "Walker", "Hughes", "Campbell", "MacDonald", "O'Brien"},
	},
	"la": {
		[]string{"José", "María", "Juan", "Sofía", "Luis", "Camila", "Carlos", "Valentina", "João", "Ana", "Pedro", "Lucía", "Tomás", "Inês", "Andrés", "Gabriela"},
		[]string{"García", "Rodríguez", "Martínez", "López", "González", "Hernández", "Pérez", "Sánchez", "Silva", "Santos", "Oliveira", "Ferreira", "Gómez", "Díaz", "Álvarez", "Muñoz", "Núñez", "Peña"},
	},
}

// familyFirst are the cultures that write the family name first.
var familyFirst = map[string]bool{"cn": true, "jp": true, "kr": true}

// unionPools are the cultures officials of the European Union come from.
var unionPools = []string{"de", "fr", "it", "nl", "nordic", "gr", "ee", "la"}

// withArticle are country names that take "the" after a preposition.
var withArticle = map[string]bool{
	"United States": true, "United Kingdom": true, "Netherlands": true, "Philippines": true, "European Union": true,
	"Central African Republic": true, "Dominican Republic": true, "Bahamas": true, "Gambia": true, "Maldives": true,
	"United Arab Emirates": true, "Comoros": true, "Seychelles": true, "Republic of the Congo": true,
	"Caribbean Netherlands": true, "Holy See": true, "DR Congo": false, "Vatican City": false,
}
