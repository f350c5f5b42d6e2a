// ISO/IEC 27001:2022 reference data: Annex A controls, clauses 4-10 and the 2013 -> 2022 control mapping.

export type Theme = "Organizational" | "People" | "Physical" | "Technological";

export interface Control {
  id: string; // "A.5.1"
  title: string;
  theme: Theme;
}

const THEMES: Record<string, Theme> = {
  "5": "Organizational",
  "6": "People",
  "7": "Physical",
  "8": "Technological",
};

const CONTROL_TITLES: Record<string, string[]> = {
  "5": [
    "Policies for information security",
    "Information security roles and responsibilities",
    "Segregation of duties",
    "Management responsibilities",
    "Contact with authorities",
    "Contact with special interest groups",
    "Threat intelligence",
    "Information security in project management",
    "Inventory of information and other associated assets",
    "Acceptable use of information and other associated assets",
    "Return of assets",
    "Classification of information",
    "Labelling of information",
    "Information transfer",
    "Access control",
    "Identity management",
    "Authentication information",
    "Access rights",
    "Information security in supplier relationships",
    "Addressing information security within supplier agreements",
    "Managing information security in the ICT supply chain",
    "Monitoring, review and change management of supplier services",
    "Information security for use of cloud services",
    "Information security incident management planning and preparation",
    "Assessment and decision on information security events",
    "Response to information security incidents",
    "Learning from information security incidents",
    "Collection of evidence",
    "Information security during disruption",
    "ICT readiness for business continuity",
    "Legal, statutory, regulatory and contractual requirements",
    "Intellectual property rights",
    "Protection of records",
    "Privacy and protection of PII",
    "Independent review of information security",
    "Compliance with policies, rules and standards for information security",
    "Documented operating procedures",
  ],
  "6": [
    "Screening",
    "Terms and conditions of employment",
    "Information security awareness, education and training",
    "Disciplinary process",
    "Responsibilities after termination or change of employment",
    "Confidentiality or non-disclosure agreements",
    "Remote working",
    "Information security event reporting",
  ],
  "7": [
    "Physical security perimeters",
    "Physical entry",
    "Securing offices, rooms and facilities",
    "Physical security monitoring",
    "Protecting against physical and environmental threats",
    "Working in secure areas",
    "Clear desk and clear screen",
    "Equipment siting and protection",
    "Security of assets off-premises",
    "Storage media",
    "Supporting utilities",
    "Cabling security",
    "Equipment maintenance",
    "Secure disposal or re-use of equipment",
  ],
  "8": [
    "User endpoint devices",
    "Privileged access rights",
    "Information access restriction",
    "Access to source code",
    "Secure authentication",
    "Capacity management",
    "Protection against malware",
    "Management of technical vulnerabilities",
    "Configuration management",
    "Information deletion",
    "Data masking",
    "Data leakage prevention",
    "Information backup",
    "Redundancy of information processing facilities",
    "Logging",
    "Monitoring activities",
    "Clock synchronization",
    "Use of privileged utility programs",
    "Installation of software on operational systems",
    "Networks security",
    "Security of network services",
    "Segregation of networks",
    "Web filtering",
    "Use of cryptography",
    "Secure development life cycle",
    "Application security requirements",
    "Secure system architecture and engineering principles",
    "Secure coding",
    "Security testing in development and acceptance",
    "Outsourced development",
    "Separation of development, test and production environments",
    "Change management",
    "Test information",
    "Protection of information systems during audit testing",
  ],
};

/** The 93 Annex A controls of ISO/IEC 27001:2022, in order. */
export const CONTROLS: readonly Control[] = Object.entries(CONTROL_TITLES).flatMap(([theme, titles]) =>
  titles.map((title, i) => ({ id: `A.${theme}.${i + 1}`, title, theme: THEMES[theme] })),
);

export const CONTROL_BY_ID: ReadonlyMap<string, Control> = new Map(CONTROLS.map((c) => [c.id, c]));

/** Theme references ("A.5") name a whole theme of controls. */
export const THEME_REFS: ReadonlyMap<string, Theme> = new Map(
  Object.entries(THEMES).map(([n, t]) => [`A.${n}`, t]),
);

export interface Clause {
  id: string; // "6.1.2"
  title: string;
  /** Highest item letter of the clause's lettered list ("5.3(a)", "5.3(b)"), if it has one. */
  items?: string;
}

export const CLAUSES: readonly Clause[] = [
  { id: "4", title: "Context of the organization" },
  { id: "4.1", title: "Understanding the organization and its context" },
  { id: "4.2", title: "Understanding the needs and expectations of interested parties", items: "c" },
  { id: "4.3", title: "Determining the scope of the information security management system", items: "c" },
  { id: "4.4", title: "Information security management system" },
  { id: "5", title: "Leadership" },
  { id: "5.1", title: "Leadership and commitment", items: "h" },
  { id: "5.2", title: "Policy", items: "d" },
  { id: "5.3", title: "Organizational roles, responsibilities and authorities", items: "b" },
  { id: "6", title: "Planning" },
  { id: "6.1", title: "Actions to address risks and opportunities" },
  { id: "6.1.1", title: "General", items: "e" },
  { id: "6.1.2", title: "Information security risk assessment", items: "e" },
  { id: "6.1.3", title: "Information security risk treatment", items: "f" },
  { id: "6.2", title: "Information security objectives and planning to achieve them", items: "k" },
  { id: "6.3", title: "Planning of changes" },
  { id: "7", title: "Support" },
  { id: "7.1", title: "Resources" },
  { id: "7.2", title: "Competence", items: "d" },
  { id: "7.3", title: "Awareness", items: "c" },
  { id: "7.4", title: "Communication", items: "e" },
  { id: "7.5", title: "Documented information" },
  { id: "7.5.1", title: "General", items: "b" },
  { id: "7.5.2", title: "Creating and updating", items: "c" },
  { id: "7.5.3", title: "Control of documented information", items: "f" },
  { id: "8", title: "Operation" },
  { id: "8.1", title: "Operational planning and control" },
  { id: "8.2", title: "Information security risk assessment" },
  { id: "8.3", title: "Information security risk treatment" },
  { id: "9", title: "Performance evaluation" },
  { id: "9.1", title: "Monitoring, measurement, analysis and evaluation", items: "f" },
  { id: "9.2", title: "Internal audit" },
  { id: "9.2.1", title: "General", items: "b" },
  { id: "9.2.2", title: "Internal audit programme", items: "c" },
  { id: "9.3", title: "Management review" },
  { id: "9.3.1", title: "General" },
  { id: "9.3.2", title: "Management review inputs", items: "g" },
  { id: "9.3.3", title: "Management review results" },
  { id: "10", title: "Improvement" },
  { id: "10.1", title: "Continual improvement" },
  { id: "10.2", title: "Nonconformity and corrective action", items: "g" },
];

export const CLAUSE_BY_ID: ReadonlyMap<string, Clause> = new Map(CLAUSES.map((c) => [c.id, c]));

/** ISO/IEC 27001:2013 Annex A -> 2022 Annex A (ISO/IEC 27002:2022 Annex B). */
// prettier-ignore
const MAP_2013: Record<string, string> = {
  "5.1.1": "5.1", "5.1.2": "5.1",
  "6.1.1": "5.2", "6.1.2": "5.3", "6.1.3": "5.5", "6.1.4": "5.6", "6.1.5": "5.8", "6.2.1": "8.1", "6.2.2": "6.7",
  "7.1.1": "6.1", "7.1.2": "6.2", "7.2.1": "5.4", "7.2.2": "6.3", "7.2.3": "6.4", "7.3.1": "6.5",
  "8.1.1": "5.9", "8.1.2": "5.9", "8.1.3": "5.10", "8.1.4": "5.11", "8.2.1": "5.12", "8.2.2": "5.13", "8.2.3": "5.10",
  "8.3.1": "7.10", "8.3.2": "7.10", "8.3.3": "7.10",
  "9.1.1": "5.15", "9.1.2": "5.15", "9.2.1": "5.16", "9.2.2": "5.18", "9.2.3": "8.2", "9.2.4": "5.17", "9.2.5": "5.18",
  "9.2.6": "5.18", "9.3.1": "5.17", "9.4.1": "8.3", "9.4.2": "8.5", "9.4.3": "5.17", "9.4.4": "8.18", "9.4.5": "8.4",
  "10.1.1": "8.24", "10.1.2": "8.24",
  "11.1.1": "7.1", "11.1.2": "7.2", "11.1.3": "7.3", "11.1.4": "7.5", "11.1.5": "7.6", "11.1.6": "7.2",
  "11.2.1": "7.8", "11.2.2": "7.11", "11.2.3": "7.12", "11.2.4": "7.13", "11.2.5": "7.10", "11.2.6": "7.9",
  "11.2.7": "7.14", "11.2.8": "8.1", "11.2.9": "7.7",
  "12.1.1": "5.37", "12.1.2": "8.32", "12.1.3": "8.6", "12.1.4": "8.31", "12.2.1": "8.7", "12.3.1": "8.13",
  "12.4.1": "8.15", "12.4.2": "8.15", "12.4.3": "8.15", "12.4.4": "8.17", "12.5.1": "8.19", "12.6.1": "8.8",
  "12.6.2": "8.19", "12.7.1": "8.34",
  "13.1.1": "8.20", "13.1.2": "8.21", "13.1.3": "8.22", "13.2.1": "5.14", "13.2.2": "5.14", "13.2.3": "5.14",
  "13.2.4": "6.6",
  "14.1.1": "5.8", "14.1.2": "8.26", "14.1.3": "8.26", "14.2.1": "8.25", "14.2.2": "8.32", "14.2.3": "8.32",
  "14.2.4": "8.32", "14.2.5": "8.27", "14.2.6": "8.31", "14.2.7": "8.30", "14.2.8": "8.29", "14.2.9": "8.29",
  "14.3.1": "8.33",
  "15.1.1": "5.19", "15.1.2": "5.20", "15.1.3": "5.21", "15.2.1": "5.22", "15.2.2": "5.22",
  "16.1.1": "5.24", "16.1.2": "6.8", "16.1.3": "6.8", "16.1.4": "5.25", "16.1.5": "5.26", "16.1.6": "5.27",
  "16.1.7": "5.28",
  "17.1.1": "5.29", "17.1.2": "5.29", "17.1.3": "5.29", "17.2.1": "8.14",
  "18.1.1": "5.31", "18.1.2": "5.32", "18.1.3": "5.33", "18.1.4": "5.34", "18.1.5": "5.31", "18.2.1": "5.35",
  "18.2.2": "5.36", "18.2.3": "5.36 8.8",
};

/** The 114 controls of ISO/IEC 27001:2013 Annex A with their 2022 equivalents ("A.9.2.1" -> ["A.5.16"]). */
export const CONTROLS_2013: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(MAP_2013).map(([old, now]) => [`A.${old}`, now.split(" ").map((n) => `A.${n}`)]),
);
