export const FIRST_NAMES: readonly string[] = [
  'Dana', 'Marcus', 'Priya', 'Tom', 'Alicia', 'Kevin', 'Rosa', 'Brian', 'Latoya', 'Greg', 'Mei', 'Carlos', 'Heather', 'Derek', 'Nina', 'Omar',
  'Rachel', 'Luis', 'Tanya', 'Scott', 'Erin', 'Andre', 'Megan', 'Victor', 'Kim', 'Paul', 'Jasmine', 'Ryan', 'Gloria', 'Nate', 'Sofia', 'Wes',
  'Brenda', 'Hector', 'Amy', 'Darnell', 'Lauren', 'Raj', 'Colleen', 'Tyler', 'Monica', 'Frank', 'Yolanda', 'Eric', 'Danielle', 'Sean', 'Vanessa', 'Ken',
];

export const LAST_NAMES: readonly string[] = [
  'Whitfield', 'Okafor', 'Ramirez', 'Kowalski', 'Nguyen', 'Brennan', 'Patel', 'Delgado', 'Hoffman', 'Washington', 'Castillo', 'Schmidt', 'Lindqvist',
  'Marino', 'Jefferson', 'Chen', 'Gallagher', 'Morales', 'Becker', 'Harrington', 'Simmons', 'Reyes', 'Fitzgerald', 'Yamamoto', 'Donovan', 'Bishop',
  'Alvarez', 'Novak', 'Coleman', 'Ferreira', 'Sullivan', 'Hughes', 'Tran', 'Mendoza', 'Kaplan', 'Olsen', 'Bradley', 'Russo', 'Dawson', 'Abernathy',
  'Holloway', 'Pruitt', 'McKenna', 'Vasquez', 'Lowell', 'Garrison', 'Whitaker', 'Quinn',
];

/** The demo team: the owner you sign in as, a manager who reviews calls, and two reps who dial. */
export const DEMO_PASSWORD = 'flywheel-demo';
export const DEMO_TEAM = [
  { key: 'owner', email: 'demo@flywheel.local', name: 'Alex Morgan', role: 'owner' },
  { key: 'manager', email: 'sam.rivera@flywheel.local', name: 'Sam Rivera', role: 'manager' },
  { key: 'rep1', email: 'maya.chen@flywheel.local', name: 'Maya Chen', role: 'rep' },
  { key: 'rep2', email: 'jordan.brooks@flywheel.local', name: 'Jordan Brooks', role: 'rep' },
] as const;
export type TeamKey = (typeof DEMO_TEAM)[number]['key'];
