/**
 * The people both sandboxes are seeded from: deterministic (same index, same person, on every
 * machine), realistic (several countries, names with diacritics, phone numbers in E.164), and
 * cheap enough to generate a million in seconds. Each person is in Gigs, in Centra, or both;
 * in both, the e-mail is the same address, sometimes in a different case.
 */
export type Country = 'US' | 'SE' | 'DE' | 'GB' | 'FR' | 'ES' | 'NL' | 'PL' | 'DK';

export type Person = {
  index: number;
  firstName: string;
  lastName: string;
  fullName: string;
  /** Lower-case address, as Gigs stores it. */
  email: string;
  /** The same address as the Centra shop stored it: sometimes capitalised differently. */
  centraEmail: string;
  phone: string;
  country: Country;
  city: string;
  zipCode: string;
  street: string;
  birthday: string | null;
  locale: string;
  inGigs: boolean;
  inCentra: boolean;
  /** 0..1, stable per person: seeds use it to pick statuses, plans and counts. */
  rand: (salt: number) => number;
};

const FIRST = [
  'Zoë',
  'Anna',
  'Björn',
  'José',
  'Chloé',
  'Łukasz',
  'Søren',
  'Émilie',
  'Jürgen',
  'María',
  'Oliver',
  'Noah',
  'Liam',
  'Emma',
  'Ingrid',
  'François',
  'Sofía',
  'Mateo',
  'Ava',
  'Lucas',
  'Zofia',
  'Åsa',
  'Jan',
  'Mia',
  'Elias',
  'Nora',
  'Hugo',
  'Léa',
  'Jakub',
  'Freja',
  'Olivia',
  'Ethan',
  'Marta',
  'Luis',
  'Ida',
  'Karl',
  'Amélie',
  'Pedro',
  'Lena',
  'Tomás',
];
const LAST = [
  'Ångström',
  'Müller',
  'García',
  'Smith',
  'Johansson',
  'Nowak',
  'Dubois',
  'Jensen',
  'Fernández',
  'Schröder',
  'Brown',
  'Lindqvist',
  'Kowalski',
  'Martin',
  'Nielsen',
  'López',
  'Wagner',
  'Taylor',
  'Öberg',
  'Wiśniewski',
  'Lefèvre',
  'Sørensen',
  'Núñez',
  'de Vries',
  'Jansen',
  'Bakker',
  'Williams',
  'Karlsson',
  'Weiß',
  'Çelik',
  'Jones',
  'Bernard',
  'Hansen',
  'Pérez',
  'Zieliński',
  'Eriksson',
  'Fischer',
  'Davies',
  'Moreau',
  'Visser',
];

type Place = { country: Country; dial: string; cities: [string, string][]; streets: string[]; locale: string };
const PLACES: Place[] = [
  {
    country: 'US',
    dial: '+1',
    cities: [
      ['New York', '10001'],
      ['Austin', '73301'],
      ['Seattle', '98101'],
    ],
    streets: ['Main Street', 'Oak Avenue', 'Pine Road'],
    locale: 'en-US',
  },
  {
    country: 'SE',
    dial: '+46',
    cities: [
      ['Stockholm', '11157'],
      ['Göteborg', '41103'],
      ['Malmö', '21120'],
    ],
    streets: ['Sveavägen', 'Drottninggatan', 'Kungsgatan'],
    locale: 'sv-SE',
  },
  {
    country: 'DE',
    dial: '+49',
    cities: [
      ['Berlin', '10115'],
      ['München', '80331'],
      ['Köln', '50667'],
    ],
    streets: ['Hauptstraße', 'Schillerstraße', 'Bahnhofstraße'],
    locale: 'de-DE',
  },
  {
    country: 'GB',
    dial: '+44',
    cities: [
      ['London', 'SW1A 1AA'],
      ['Leeds', 'LS1 4AP'],
      ['Bristol', 'BS1 4ST'],
    ],
    streets: ['High Street', 'Station Road', 'Church Lane'],
    locale: 'en-GB',
  },
  {
    country: 'FR',
    dial: '+33',
    cities: [
      ['Paris', '75001'],
      ['Lyon', '69001'],
      ['Nantes', '44000'],
    ],
    streets: ['Rue de la Paix', 'Rue Victor Hugo', 'Avenue Foch'],
    locale: 'fr-FR',
  },
  {
    country: 'ES',
    dial: '+34',
    cities: [
      ['Madrid', '28001'],
      ['Sevilla', '41001'],
      ['Valencia', '46001'],
    ],
    streets: ['Calle Mayor', 'Gran Vía', 'Calle del Sol'],
    locale: 'es-ES',
  },
  {
    country: 'NL',
    dial: '+31',
    cities: [
      ['Amsterdam', '1012 AB'],
      ['Utrecht', '3511 AA'],
      ['Rotterdam', '3011 AA'],
    ],
    streets: ['Damstraat', 'Kerkstraat', 'Prinsengracht'],
    locale: 'nl-NL',
  },
  {
    country: 'PL',
    dial: '+48',
    cities: [
      ['Warszawa', '00-001'],
      ['Kraków', '30-001'],
      ['Gdańsk', '80-001'],
    ],
    streets: ['ulica Długa', 'ulica Floriańska', 'aleja Róż'],
    locale: 'pl-PL',
  },
  {
    country: 'DK',
    dial: '+45',
    cities: [
      ['København', '1050'],
      ['Aarhus', '8000'],
      ['Odense', '5000'],
    ],
    streets: ['Strøget', 'Nørregade', 'Vestergade'],
    locale: 'da-DK',
  },
];

/** A small, fast, seedable PRNG (mulberry32). */
export function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[Łł]/g, 'l')
    .replace(/[Øø]/g, 'o')
    .replace(/[Ææ]/g, 'ae')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

export function person(index: number): Person {
  const r = mulberry32(index * 2654435761 + 12345);
  // Person 0 is the demo's known face: in both systems, accents in both names.
  const demo = index === 0;
  const firstName = demo ? 'Zoë' : FIRST[Math.floor(r() * FIRST.length)]!;
  const lastName = demo ? 'Ångström' : LAST[Math.floor(r() * LAST.length)]!;
  const place = demo ? PLACES[1]! : PLACES[Math.floor(r() * PLACES.length)]!;
  const [city, zipCode] = place.cities[Math.floor(r() * place.cities.length)]!;
  const street = `${place.streets[Math.floor(r() * place.streets.length)]} ${1 + Math.floor(r() * 120)}`;
  const email = `${ascii(firstName)}.${ascii(lastName)}${index}@example.com`;
  const roll = r();
  const inGigs = demo || roll < 0.85;
  const inCentra = demo || roll >= 0.15;
  const caseRoll = demo ? 0 : r();
  const centraEmail =
    caseRoll < 0.2 ? email.replace(/(^|\.)([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase()) : caseRoll < 0.25 ? email.toUpperCase() : email;
  // Subscriber numbers derived from the index keep phones unique and searchable by last digits.
  const national = place.country === 'US' ? `959${String(1_000_000 + index).slice(-7)}` : `7${String(10_000_000 + index).slice(-8)}`;
  const year = 1950 + Math.floor(r() * 55);
  const birthday = r() < 0.8 ? `${year}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}` : null;
  return {
    index,
    firstName,
    lastName,
    fullName: `${firstName} ${lastName}`,
    email,
    centraEmail,
    phone: `${place.dial}${national}`,
    country: place.country,
    city,
    zipCode,
    street,
    birthday,
    locale: place.locale,
    inGigs,
    inCentra,
    rand: (salt: number) => mulberry32(index * 7919 + salt * 104729 + 1)(),
  };
}

export function* people(count: number): Generator<Person> {
  for (let i = 0; i < count; i++) yield person(i);
}
