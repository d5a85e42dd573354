/**
 * The fixed lists the sandbox draws from: regions, names, employers, merchants (with ISO 18245
 * merchant category codes), subscriptions and utilities. Every brand here is invented, so demo data
 * never looks like a statement from a real company; the MCCs are the real codes such merchants use.
 */
import type { SandboxCategory } from './categories';

/** The bank's region, as the platform's tenants have it; it sets the currency and the customers' locales. */
export const sandboxRegions = ['EU', 'UK', 'US'] as const;
export type SandboxRegion = (typeof sandboxRegions)[number];

export interface Locale {
  readonly locale: string;
  /** ISO 3166-1 alpha-2 country of the customer and of their account. */
  readonly country: string;
  readonly givenNames: readonly string[];
  readonly familyNames: readonly string[];
  readonly cities: readonly string[];
  /** Legal-form suffix for company names ("GmbH", "Ltd"). */
  readonly companySuffix: string;
}

export interface RegionProfile {
  readonly currency: 'EUR' | 'GBP' | 'USD';
  readonly locales: readonly (readonly [Locale, number])[];
  /** Multiplies the EUR-based income figures (net pay in the region's currency). */
  readonly incomeScale: number;
  /** Multiplies the EUR-based prices. */
  readonly priceScale: number;
  /** Share of salaried customers paid every two weeks instead of monthly. */
  readonly biweeklyPayShare: number;
  /** ATM note steps in minor units. */
  readonly cashSteps: readonly number[];
  readonly overdraftFee: number;
}

const germany: Locale = {
  locale: 'de-DE',
  country: 'DE',
  givenNames: [
    'Anna',
    'Lukas',
    'Lena',
    'Jonas',
    'Marie',
    'Felix',
    'Sophie',
    'Maximilian',
    'Julia',
    'Paul',
    'Hannah',
    'Tobias',
    'Katrin',
    'Jürgen',
    'Ursula',
  ],
  familyNames: [
    'Müller',
    'Schmidt',
    'Schneider',
    'Fischer',
    'Weber',
    'Meyer',
    'Wagner',
    'Becker',
    'Hoffmann',
    'Schäfer',
    'Koch',
    'Richter',
    'Klein',
    'Wolf',
    'Neumann',
  ],
  cities: ['Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt', 'Leipzig', 'Dresden', 'Stuttgart'],
  companySuffix: 'GmbH',
};
const france: Locale = {
  locale: 'fr-FR',
  country: 'FR',
  givenNames: [
    'Camille',
    'Louis',
    'Léa',
    'Hugo',
    'Chloé',
    'Jules',
    'Manon',
    'Gabriel',
    'Inès',
    'Arthur',
    'Élodie',
    'Nicolas',
    'Isabelle',
    'Michel',
    'Sylvie',
  ],
  familyNames: [
    'Martin',
    'Bernard',
    'Dubois',
    'Thomas',
    'Robert',
    'Richard',
    'Petit',
    'Durand',
    'Leroy',
    'Moreau',
    'Simon',
    'Laurent',
    'Lefèvre',
    'Michel',
    'Garcia',
  ],
  cities: ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Nantes', 'Lille', 'Bordeaux', 'Strasbourg'],
  companySuffix: 'SAS',
};
const spain: Locale = {
  locale: 'es-ES',
  country: 'ES',
  givenNames: [
    'Lucía',
    'Hugo',
    'Martina',
    'Pablo',
    'Sofía',
    'Daniel',
    'Paula',
    'Alejandro',
    'Carmen',
    'Javier',
    'Elena',
    'Sergio',
    'Marta',
    'Antonio',
    'Pilar',
  ],
  familyNames: [
    'García',
    'Rodríguez',
    'González',
    'Fernández',
    'López',
    'Martínez',
    'Sánchez',
    'Pérez',
    'Gómez',
    'Martín',
    'Jiménez',
    'Ruiz',
    'Hernández',
    'Díaz',
    'Moreno',
  ],
  cities: ['Madrid', 'Barcelona', 'Valencia', 'Sevilla', 'Zaragoza', 'Málaga', 'Bilbao'],
  companySuffix: 'S.L.',
};
const italy: Locale = {
  locale: 'it-IT',
  country: 'IT',
  givenNames: [
    'Giulia',
    'Leonardo',
    'Sofia',
    'Francesco',
    'Aurora',
    'Alessandro',
    'Alice',
    'Lorenzo',
    'Chiara',
    'Matteo',
    'Francesca',
    'Marco',
    'Paola',
    'Giuseppe',
    'Rosa',
  ],
  familyNames: [
    'Rossi',
    'Russo',
    'Ferrari',
    'Esposito',
    'Bianchi',
    'Romano',
    'Colombo',
    'Ricci',
    'Marino',
    'Greco',
    'Bruno',
    'Gallo',
    'Conti',
    'De Luca',
    'Costa',
  ],
  cities: ['Roma', 'Milano', 'Napoli', 'Torino', 'Bologna', 'Firenze', 'Genova'],
  companySuffix: 'S.p.A.',
};
const netherlands: Locale = {
  locale: 'nl-NL',
  country: 'NL',
  givenNames: [
    'Emma',
    'Daan',
    'Julia',
    'Sem',
    'Tess',
    'Lucas',
    'Sara',
    'Milan',
    'Anouk',
    'Thijs',
    'Fleur',
    'Bram',
    'Ingrid',
    'Kees',
    'Marloes',
  ],
  familyNames: [
    'de Jong',
    'Jansen',
    'de Vries',
    'van den Berg',
    'van Dijk',
    'Bakker',
    'Janssen',
    'Visser',
    'Smit',
    'Meijer',
    'de Boer',
    'Mulder',
    'de Groot',
    'Bos',
    'Vos',
  ],
  cities: ['Amsterdam', 'Rotterdam', 'Den Haag', 'Utrecht', 'Eindhoven', 'Groningen'],
  companySuffix: 'B.V.',
};
const britain: Locale = {
  locale: 'en-GB',
  country: 'GB',
  givenNames: [
    'Oliver',
    'Amelia',
    'George',
    'Isla',
    'Harry',
    'Ava',
    'Jack',
    'Emily',
    'Charlie',
    'Sophie',
    'Thomas',
    'Grace',
    'James',
    'Margaret',
    'David',
  ],
  familyNames: [
    'Smith',
    'Jones',
    'Taylor',
    'Brown',
    'Williams',
    'Wilson',
    'Johnson',
    'Davies',
    'Patel',
    'Robinson',
    'Wright',
    'Thompson',
    'Evans',
    'Walker',
    'Khan',
  ],
  cities: [
    'London',
    'Manchester',
    'Birmingham',
    'Leeds',
    'Glasgow',
    'Bristol',
    'Liverpool',
    'Edinburgh',
    'Cardiff',
  ],
  companySuffix: 'Ltd',
};
const unitedStates: Locale = {
  locale: 'en-US',
  country: 'US',
  givenNames: [
    'Liam',
    'Olivia',
    'Noah',
    'Emma',
    'Ethan',
    'Ava',
    'Mason',
    'Sophia',
    'Logan',
    'Isabella',
    'Carlos',
    'Maria',
    'Tyrone',
    'Linda',
    'Robert',
  ],
  familyNames: [
    'Johnson',
    'Williams',
    'Brown',
    'Jones',
    'Garcia',
    'Miller',
    'Davis',
    'Rodriguez',
    'Martinez',
    'Nguyen',
    'Anderson',
    'Jackson',
    'Lee',
    'Walker',
    'Hall',
  ],
  cities: [
    'Chicago',
    'Houston',
    'Phoenix',
    'Philadelphia',
    'San Diego',
    'Dallas',
    'Austin',
    'Denver',
    'Columbus',
  ],
  companySuffix: 'Inc.',
};

export const regionProfiles: Readonly<Record<SandboxRegion, RegionProfile>> = {
  EU: {
    currency: 'EUR',
    locales: [
      [germany, 30],
      [france, 25],
      [spain, 18],
      [italy, 17],
      [netherlands, 10],
    ],
    incomeScale: 1,
    priceScale: 1,
    biweeklyPayShare: 0,
    cashSteps: [2000, 5000, 10000],
    overdraftFee: 1000,
  },
  UK: {
    currency: 'GBP',
    locales: [[britain, 1]],
    incomeScale: 0.88,
    priceScale: 0.86,
    biweeklyPayShare: 0,
    cashSteps: [1000, 2000, 5000],
    overdraftFee: 500,
  },
  US: {
    currency: 'USD',
    locales: [[unitedStates, 1]],
    incomeScale: 1.35,
    priceScale: 1.08,
    biweeklyPayShare: 0.55,
    cashSteps: [2000, 4000, 6000, 10000],
    overdraftFee: 3500,
  },
};

export const employerStems = [
  'Northwind Logistics',
  'Bluepeak Analytics',
  'Brightwater Health',
  'Ironbridge Engineering',
  'Silverline Retail',
  'Meridian Insurance',
  'Oakfield Schools Trust',
  'Harbourside Hospitality',
  'Crescent Software',
  'Granite Construction',
  'Evergreen Foods',
  'Summit Consulting',
  'Lakeshore Manufacturing',
  'Pinecrest Media',
  'Riverstone Telecom',
  'City Council Services',
] as const;

export const partTimeEmployers = [
  'Campus Café',
  'Bookworm Bookshop',
  'QuickBite Burgers',
  'Cineplex Staff',
] as const;

export const pensionPayers: Readonly<Record<SandboxRegion, readonly string[]>> = {
  EU: ['State Pension Fund', 'Public Pension Office'],
  UK: ['State Pension', 'Civil Service Pension Scheme'],
  US: ['Social Security Admin', 'Teachers Retirement Fund'],
};

export interface Merchant {
  readonly name: string;
  /** ISO 18245 merchant category code. */
  readonly mcc: string;
  readonly category: SandboxCategory;
  /** Median amount in EUR cents before the region's price scale. */
  readonly median: number;
  /** Spread of the amount around the median (see `Random.skewed`). */
  readonly spread: number;
  /** Merchant that also sells online ("*ONLINE" in descriptions). */
  readonly online?: boolean;
}

const merchant = (
  name: string,
  mcc: string,
  category: SandboxCategory,
  median: number,
  spread: number,
  online?: boolean,
): Merchant =>
  online ? { name, mcc, category, median, spread, online } : { name, mcc, category, median, spread };

export const groceryMerchants: readonly Merchant[] = [
  merchant('FreshWay Market', '5411', 'groceries', 4200, 0.5),
  merchant('Greenleaf Grocers', '5411', 'groceries', 3100, 0.5),
  merchant('ValueMart', '5411', 'groceries', 5600, 0.45),
  merchant('Corner Basket', '5411', 'groceries', 1400, 0.45),
  merchant('Harvest Foods', '5411', 'groceries', 4800, 0.5),
  merchant('Daily Bread Bakery', '5462', 'groceries', 650, 0.35),
  merchant('Farmers Deli', '5499', 'groceries', 1800, 0.4),
];

/** Card spending other than groceries, by category. */
export const discretionaryMerchants: readonly Merchant[] = [
  merchant("Luigi's Trattoria", '5812', 'dining.restaurants', 5200, 0.45),
  merchant('The Golden Fork', '5812', 'dining.restaurants', 6800, 0.45),
  merchant('Sakura Sushi', '5812', 'dining.restaurants', 3900, 0.4),
  merchant('The Old Anchor', '5813', 'dining.restaurants', 2600, 0.5),
  merchant('Bean There Coffee', '5814', 'dining.takeaway', 450, 0.3),
  merchant('QuickBite Burgers', '5814', 'dining.takeaway', 1100, 0.3),
  merchant('Crust Pizza Co', '5814', 'dining.takeaway', 2300, 0.35),
  merchant('Deliverly', '5814', 'dining.takeaway', 2700, 0.35, true),
  merchant('Velocity Fuel', '5541', 'transport.fuel', 5500, 0.3),
  merchant('RoadStar Petrol', '5542', 'transport.fuel', 4800, 0.3),
  merchant('City Transit', '4111', 'transport.public', 350, 0.6),
  merchant('RailLink Tickets', '4112', 'transport.public', 3400, 0.6, true),
  merchant('Zoom Rides', '4121', 'transport.taxi', 1600, 0.45, true),
  merchant('Threadline', '5651', 'shopping.clothing', 5400, 0.6),
  merchant('StepRight Shoes', '5661', 'shopping.clothing', 7900, 0.4),
  merchant('UrbanWear', '5691', 'shopping.clothing', 4500, 0.55, true),
  merchant('Voltage Electronics', '5732', 'shopping.electronics', 8900, 0.8, true),
  merchant('BuildRight DIY', '5200', 'shopping.home', 4300, 0.7),
  merchant('Casa Living', '5719', 'shopping.home', 3800, 0.6),
  merchant('Grand Bazaar Dept Store', '5311', 'shopping.general', 4900, 0.6),
  merchant('Marketplace Online', '5999', 'shopping.general', 2900, 0.7, true),
  merchant('Chapter & Verse Books', '5942', 'shopping.general', 1800, 0.4),
  merchant('ToyBox', '5945', 'shopping.general', 3200, 0.5),
  merchant('Bloom & Petal', '5992', 'shopping.general', 3000, 0.3),
  merchant('WellCare Pharmacy', '5912', 'health.pharmacy', 1500, 0.5),
  merchant('GreenCross Chemist', '5912', 'health.pharmacy', 1100, 0.5),
  merchant('Starlight Cinemas', '7832', 'leisure.entertainment', 2400, 0.35),
  merchant('TicketHub', '7922', 'leisure.entertainment', 6500, 0.5, true),
  merchant('Splash Leisure Centre', '7996', 'leisure.entertainment', 1800, 0.4),
];

/** Occasional large purchases (a few a year). */
export const largePurchaseMerchants: readonly Merchant[] = [
  merchant('Nordhaus Furniture', '5712', 'shopping.home', 120000, 0.6),
  merchant('HomeTech Appliances', '5722', 'shopping.electronics', 70000, 0.5),
  merchant('Voltage Electronics', '5732', 'shopping.electronics', 110000, 0.5, true),
  merchant('Precision Auto Repair', '7538', 'transport.vehicle', 60000, 0.7),
  merchant('SkyBridge Airways', '4511', 'travel.flights', 90000, 0.5, true),
];

export const travelMerchants = {
  flights: [
    merchant('SkyBridge Airways', '4511', 'travel.flights', 32000, 0.5, true),
    merchant('AeroLow Airlines', '4511', 'travel.flights', 18000, 0.5, true),
  ],
  lodging: [
    merchant('Harbour View Hotel', '7011', 'travel.lodging', 95000, 0.5),
    merchant('StayNest Holiday Lets', '7011', 'travel.lodging', 120000, 0.5, true),
  ],
} as const;

export const carDealer = merchant('Autohaus Central Motors', '5511', 'transport.vehicle', 1800000, 0.3);

export interface SubscriptionService {
  readonly name: string;
  readonly mcc: string;
  readonly category: SandboxCategory;
  /** Monthly price in EUR cents at 2020-01 before the region's price scale. */
  readonly basePrice: number;
  /** The service raises its price every this many months (from 2020-01, at `raisePhase`)... */
  readonly raiseEveryMonths: number;
  readonly raisePhase: number;
  /** ...by this fraction. */
  readonly raiseBy: number;
  /** Some customers pay yearly instead: ten months' price once a year (two months free). */
  readonly yearlyOption: boolean;
}

export const subscriptionServices: readonly SubscriptionService[] = [
  {
    name: 'StreamFlix',
    mcc: '4899',
    category: 'subscriptions.streaming',
    basePrice: 1099,
    raiseEveryMonths: 18,
    raisePhase: 3,
    raiseBy: 0.1,
    yearlyOption: false,
  },
  {
    name: 'Tunely Music',
    mcc: '5815',
    category: 'subscriptions.streaming',
    basePrice: 899,
    raiseEveryMonths: 24,
    raisePhase: 7,
    raiseBy: 0.12,
    yearlyOption: false,
  },
  {
    name: 'CineMax Plus',
    mcc: '4899',
    category: 'subscriptions.streaming',
    basePrice: 799,
    raiseEveryMonths: 20,
    raisePhase: 10,
    raiseBy: 0.15,
    yearlyOption: true,
  },
  {
    name: 'KidsTube Premium',
    mcc: '5815',
    category: 'subscriptions.streaming',
    basePrice: 599,
    raiseEveryMonths: 30,
    raisePhase: 1,
    raiseBy: 0.1,
    yearlyOption: false,
  },
  {
    name: 'PulseGym',
    mcc: '7997',
    category: 'subscriptions.fitness',
    basePrice: 2490,
    raiseEveryMonths: 12,
    raisePhase: 0,
    raiseBy: 0.05,
    yearlyOption: false,
  },
  {
    name: 'IronWorks Fitness',
    mcc: '7997',
    category: 'subscriptions.fitness',
    basePrice: 3990,
    raiseEveryMonths: 24,
    raisePhase: 8,
    raiseBy: 0.08,
    yearlyOption: true,
  },
  {
    name: 'CloudVault Storage',
    mcc: '5817',
    category: 'subscriptions.software',
    basePrice: 299,
    raiseEveryMonths: 36,
    raisePhase: 5,
    raiseBy: 0.34,
    yearlyOption: true,
  },
  {
    name: 'WordSmith Pro',
    mcc: '5734',
    category: 'subscriptions.software',
    basePrice: 699,
    raiseEveryMonths: 24,
    raisePhase: 11,
    raiseBy: 0.15,
    yearlyOption: true,
  },
  {
    name: 'Daily Chronicle Digital',
    mcc: '5994',
    category: 'subscriptions.software',
    basePrice: 999,
    raiseEveryMonths: 12,
    raisePhase: 9,
    raiseBy: 0.1,
    yearlyOption: true,
  },
];

export const utilityProviders = {
  energy: ['Brightspark Energy', 'Evergreen Power & Gas', 'Northern Grid Supply'],
  water: ['Clearwater Utilities', 'Riverside Water'],
  telecom: ['FibreNet Broadband', 'Connectel Home'],
  mobile: ['Connectel Mobile', 'Skyline Mobile', 'Pocket Telecom'],
} as const;

/** Energy bill multipliers by month (January first): heating makes winter bills larger. */
export const energySeasonality = [
  1.45, 1.35, 1.15, 0.9, 0.75, 0.65, 0.6, 0.62, 0.75, 0.95, 1.2, 1.45,
] as const;

/** Card-spending frequency multipliers by month: Christmas shopping and summer holidays. */
export const spendingSeasonality = [0.85, 0.85, 0.95, 1, 1, 1.05, 1.15, 1.15, 1, 1, 1.15, 1.55] as const;

export const landlords = [
  'Keystone Lettings',
  'Parkview Property Mgmt',
  'Homestead Rentals',
  'Lindenhof Wohnbau',
] as const;
export const lenders = { mortgage: 'Sandbox Bank Mortgages', loan: 'Sandbox Bank Loans' } as const;
export const conveyancers = ['Harbour Conveyancing', 'Keyline Notaries'] as const;
